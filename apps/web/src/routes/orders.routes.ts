import type { FastifyInstance } from 'fastify';
import { type SokoniApi, settle } from '../api/sokoni-api.ts';
import type { Notification } from '../api/types.ts';
import { requireCustomer, sessionOf } from '../session/sessions.plugin.ts';
import { findOwnCustomer } from './own-customer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Orders the API lets a customer cancel (DELETE /v1/orders/{id}); later ones are on their way. */
const CANCELLABLE = new Set(['pending', 'confirmed']);

/**
 * A customer's orders: history newest first with the SMS sent for each, one order with its lines,
 * status history and messages, and cancelling. Another customer's order is a 404 from the API,
 * which the page shows as "not found", exactly like an order that does not exist.
 */
export async function ordersRoutes(app: FastifyInstance, options: { api: SokoniApi }) {
  const { api } = options;
  app.addHook('preHandler', requireCustomer);

  app.get<{ Querystring: { cursor?: string } }>('/orders', async (request, reply) => {
    const token = sessionOf(request).accessToken;
    const customer = await findOwnCustomer(api, token);
    if (!customer) {
      return reply.redirect('/profile', 303);
    }
    const orders = await settle(
      api
        .as(token)
        .GET('/v1/orders', { params: { query: { limit: 20, cursor: request.query.cursor || undefined } } }),
    );
    if (!orders.ok) {
      throw Object.assign(new Error(orders.problem.detail ?? orders.problem.title), { statusCode: 502 });
    }
    // The messages of the orders on this page, in one call: a customer's token lists only its own SMS.
    const oldest = orders.data.items.at(-1)?.createdAt;
    const messages = oldest
      ? await settle(
          api.as(token).GET('/v1/notifications', { params: { query: { limit: 100, createdAfter: oldest } } }),
        )
      : undefined;
    const byOrder = new Map<string, Notification[]>();
    for (const message of messages?.ok ? messages.data.items : []) {
      if (message.orderId) {
        byOrder.set(message.orderId, [...(byOrder.get(message.orderId) ?? []), message]);
      }
    }
    return reply.page('orders', {
      title: 'Your orders',
      customer,
      orders: orders.data.items.map((order) => ({ ...order, messages: byOrder.get(order.id) ?? [] })),
      nextCursor: orders.data.nextCursor,
    });
  });

  app.get<{ Params: { id: string }; Querystring: { placed?: string; cancelled?: string } }>(
    '/orders/:id',
    async (request, reply) => {
      const token = sessionOf(request).accessToken;
      const { id } = request.params;
      const client = api.as(token);
      const path = { id };
      const order = UUID.test(id)
        ? await settle(client.GET('/v1/orders/{id}', { params: { path } }))
        : undefined;
      if (!order?.ok) {
        return reply.code(404).page('error', {
          title: 'Order not found',
          message: 'There is no such order among yours.',
          action: { href: '/orders', label: 'Your orders' },
        });
      }
      const [events, messages] = await Promise.all([
        settle(client.GET('/v1/orders/{id}/events', { params: { path, query: { limit: 100 } } })),
        settle(client.GET('/v1/orders/{id}/notifications', { params: { path, query: { limit: 100 } } })),
      ]);
      return reply.page('order', {
        title: `Order ${order.data.number}`,
        order: order.data,
        events: events.ok ? events.data.items : [],
        messages: messages.ok ? messages.data.items : [],
        cancellable: CANCELLABLE.has(order.data.status),
        placed: request.query.placed === '1',
        cancelled: request.query.cancelled === '1',
      });
    },
  );

  app.post<{ Params: { id: string } }>('/orders/:id/cancel', async (request, reply) => {
    const token = sessionOf(request).accessToken;
    const { id } = request.params;
    if (!UUID.test(id)) {
      return reply.code(404).page('error', { title: 'Order not found', message: 'There is no such order.' });
    }
    const result = await settle(api.as(token).DELETE('/v1/orders/{id}', { params: { path: { id } } }));
    if (!result.ok) {
      return reply.code(result.status).page('error', {
        title: 'The order was not cancelled',
        message: result.problem.detail ?? result.problem.title,
        action: { href: `/orders/${id}`, label: 'Back to the order' },
      });
    }
    return reply.redirect(`/orders/${id}?cancelled=1`, 303);
  });
}
