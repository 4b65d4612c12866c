import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Problem, type SokoniApi, settle } from '../api/sokoni-api.ts';
import type { Product } from '../api/types.ts';
import type { WebConfig } from '../config.ts';
import { requireCustomer, sessionOf } from '../session/sessions.plugin.ts';
import { findOwnCustomer } from './own-customer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The most of one product a basket takes, and the most lines: the API's own limits are higher. */
const MAX_QUANTITY = 100;
const MAX_LINES = 50;

interface BasketLine {
  product: Product;
  quantity: number;
  lineTotal: string;
}

/** Cents, so that the shown total adds up exactly as the API's numeric(12,2) will. */
function cents(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

function decimal(value: bigint): string {
  const whole = value / 100n;
  const fraction = (value % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}

/** The basket with the products as the API has them now, and its total per currency. */
async function readBasket(api: SokoniApi, request: FastifyRequest) {
  const session = sessionOf(request);
  const entries = Object.entries(session.basket ?? {});
  const client = api.as(session.accessToken);
  const found = await Promise.all(
    entries.map(async ([id, quantity]) => {
      const product = await settle(client.GET('/v1/products/{id}', { params: { path: { id } } }));
      return product.ok ? { product: product.data, quantity } : undefined;
    }),
  );
  const lines: BasketLine[] = found
    .filter((line): line is { product: Product; quantity: number } => line !== undefined)
    .map((line) => ({ ...line, lineTotal: decimal(cents(line.product.price) * BigInt(line.quantity)) }));
  const totals = new Map<string, bigint>();
  for (const line of lines) {
    totals.set(
      line.product.currency,
      (totals.get(line.product.currency) ?? 0n) + cents(line.product.price) * BigInt(line.quantity),
    );
  }
  return {
    lines,
    totals: [...totals].map(([currency, total]) => ({ currency, total: decimal(total) })),
    count: lines.reduce((sum, line) => sum + line.quantity, 0),
  };
}

/**
 * Ordering from the catalogue: browse the category tree, search, put quantities in a basket
 * (kept in the server-side session), review the total, place the order. Works as plain forms;
 * with htmx the basket updates in place.
 */
export async function shopRoutes(app: FastifyInstance, options: { api: SokoniApi; config: WebConfig }) {
  const { api, config } = options;
  app.addHook('preHandler', requireCustomer);

  async function renderBasketOrBack(request: FastifyRequest, reply: FastifyReply, back: string) {
    if (request.headers['hx-request'] === 'true') {
      return reply.page('basket', { basket: await readBasket(api, request) });
    }
    return reply.redirect(back, 303);
  }

  app.get<{ Querystring: { category?: string; q?: string; welcome?: string } }>(
    '/shop',
    async (request, reply) => {
      const client = api.as(sessionOf(request).accessToken);
      const category =
        request.query.category && UUID.test(request.query.category) ? request.query.category : undefined;
      const q = (request.query.q ?? '').trim().slice(0, 100);
      const [tree, products, basket] = await Promise.all([
        settle(client.GET('/v1/categories/tree')),
        settle(
          client.GET('/v1/products', {
            params: { query: { limit: 60, active: true, categoryId: category, q: q || undefined } },
          }),
        ),
        readBasket(api, request),
      ]);
      return reply.page('shop', {
        title: 'Shop',
        categories: tree.ok ? tree.data.items : [],
        products: products.ok ? products.data.items : [],
        productsProblem: products.ok ? null : products.problem,
        category: category ?? null,
        q,
        basket,
        welcome: request.query.welcome === '1',
      });
    },
  );

  app.post<{ Body: { productId?: string; quantity?: string; back?: string } }>(
    '/shop/basket',
    async (request, reply) => {
      const session = sessionOf(request);
      const { productId = '' } = request.body;
      const quantity = Math.min(
        MAX_QUANTITY,
        Math.max(0, Number.parseInt(request.body.quantity ?? '0', 10) || 0),
      );
      const basket = { ...(session.basket ?? {}) };
      if (UUID.test(productId)) {
        if (quantity === 0) {
          delete basket[productId];
        } else if (productId in basket || Object.keys(basket).length < MAX_LINES) {
          basket[productId] = quantity;
        }
        session.basket = basket;
        await app.sessions.save(request);
      }
      const back =
        typeof request.body.back === 'string' && /^\/shop(\/|\?|$)/.test(request.body.back)
          ? request.body.back
          : '/shop';
      return renderBasketOrBack(request, reply, back);
    },
  );

  app.get('/shop/review', async (request, reply) =>
    reply.page('review', {
      title: 'Review your order',
      basket: await readBasket(api, request),
      idempotencyKey: randomUUID(),
      notes: '',
    }),
  );

  app.post<{ Body: { idempotencyKey?: string; notes?: string } }>('/shop/order', async (request, reply) => {
    const session = sessionOf(request);
    const customer = await findOwnCustomer(api, session.accessToken);
    if (!customer) {
      return reply.redirect('/profile', 303);
    }
    const basket = await readBasket(api, request);
    const notes = (request.body.notes ?? '').trim().slice(0, 500);
    const idempotencyKey = UUID.test(request.body.idempotencyKey ?? '')
      ? request.body.idempotencyKey
      : randomUUID();
    const refuse = (status: number, problem: Problem) =>
      reply
        .code(status)
        .page('review', { title: 'Review your order', basket, idempotencyKey, notes, problem });
    if (basket.lines.length === 0) {
      return refuse(422, {
        title: 'Your basket is empty',
        status: 422,
        detail: 'Add products before ordering.',
      });
    }
    const placed = await settle(
      api.as(session.accessToken).POST('/v1/orders', {
        params: { header: { 'idempotency-key': idempotencyKey } },
        body: {
          customerId: customer.id,
          items: basket.lines.map((line) => ({ productId: line.product.id, quantity: line.quantity })),
          ...(notes ? { notes } : {}),
        },
      }),
    );
    if (!placed.ok) {
      // A new key: what the basket holds may change before the next try.
      return refuse(placed.status, placed.problem);
    }
    session.basket = {};
    await app.sessions.save(request);
    return reply.redirect(`/orders/${placed.data.id}?placed=1`, 303);
  });

  if (config.WEB_FREE_TEXT_ORDERS) {
    app.get('/shop/free-text', async (_request, reply) =>
      reply.page('free-text', { title: 'Order anything', idempotencyKey: randomUUID(), values: {} }),
    );
    app.post<{ Body: { item?: string; quantity?: string; amount?: string; idempotencyKey?: string } }>(
      '/shop/free-text',
      async (request, reply) => {
        const session = sessionOf(request);
        const customer = await findOwnCustomer(api, session.accessToken);
        if (!customer) {
          return reply.redirect('/profile', 303);
        }
        const values = {
          item: (request.body.item ?? '').trim(),
          quantity: request.body.quantity ?? '1',
          amount: (request.body.amount ?? '').trim(),
        };
        const idempotencyKey = UUID.test(request.body.idempotencyKey ?? '')
          ? request.body.idempotencyKey
          : randomUUID();
        const placed = await settle(
          api.as(session.accessToken).POST('/v1/orders', {
            params: { header: { 'idempotency-key': idempotencyKey } },
            body: {
              customerId: customer.id,
              item: values.item,
              quantity: Number(values.quantity) || 1,
              amount: values.amount,
            },
          }),
        );
        if (!placed.ok) {
          return reply.code(placed.status).page('free-text', {
            title: 'Order anything',
            idempotencyKey: randomUUID(),
            values,
            problem: placed.problem,
          });
        }
        return reply.redirect(`/orders/${placed.data.id}?placed=1`, 303);
      },
    );
  }
}
