import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ChangeStatusBody,
  CreateOrderBody,
  ListOrdersQuery,
  Order,
  OrderEvent,
  OrderEventsQuery,
  UpdateOrderBody,
} from '../../../features/orders/orders.schemas.ts';
import { IdParams, Page, problemResponses } from '../../../schemas/common.ts';
import { orderServiceFor } from '../order-service.ts';

const ordersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const orders = orderServiceFor(fastify);

  fastify.post(
    '/',
    {
      config: { scopes: ['orders:write'], idempotent: true, owesSms: true },
      schema: {
        operationId: 'createOrder',
        tags: ['orders'],
        summary:
          'Place an order from the catalogue (items) or as free text (item, amount: not with a customer token)',
        description:
          'Catalogue lines are priced from the catalogue now, each line a snapshot of name and price, and their ' +
          'stock is taken in the same statement: short stock answers 409 naming the product, and nothing is ' +
          'written. A product listed twice is one line. The order owes its "order received" SMS.',
        body: CreateOrderBody,
        response: { 201: Order, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const order = await orders.createOrder(request.actor, request.body, request.unitOfWork);
      reply.code(201).header('location', `/v1/orders/${order.id}`);
      return order;
    },
  );

  fastify.get(
    '/',
    {
      config: { scopes: ['orders:read'] },
      schema: {
        operationId: 'listOrders',
        tags: ['orders'],
        summary: 'List orders, newest first',
        querystring: ListOrdersQuery,
        response: { 200: Page(Order, 'OrderPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => orders.listOrders(request.actor, request.query),
  );

  fastify.get(
    '/:id',
    {
      config: { scopes: ['orders:read'] },
      schema: {
        operationId: 'getOrder',
        tags: ['orders'],
        summary: 'Get an order',
        params: IdParams,
        response: { 200: Order, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => orders.getOrder(request.actor, request.params.id),
  );

  fastify.patch(
    '/:id',
    {
      config: { scopes: ['orders:write'] },
      schema: {
        operationId: 'updateOrder',
        tags: ['orders'],
        summary: 'Change notes of a pending order, or (staff, free-text orders) its item, quantity or amount',
        params: IdParams,
        body: UpdateOrderBody,
        response: { 200: Order, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => orders.updateOrder(request.actor, request.params.id, request.body),
  );

  fastify.post(
    '/:id/status',
    {
      config: { scopes: ['orders:write'], owesSms: true },
      schema: {
        operationId: 'changeOrderStatus',
        tags: ['orders'],
        summary: 'Move an order along its state machine (and owe the SMS that tells the customer)',
        params: IdParams,
        body: ChangeStatusBody,
        response: { 200: Order, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => orders.changeStatus(request.actor, request.params.id, request.body.status),
  );

  fastify.post(
    '/:id/cancel',
    {
      config: { scopes: ['orders:write'], owesSms: true },
      schema: {
        operationId: 'cancelOrder',
        tags: ['orders'],
        summary: 'Cancel a pending or confirmed order (its stock goes back to the catalogue)',
        params: IdParams,
        response: { 200: Order, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => orders.cancelOrder(request.actor, request.params.id),
  );

  fastify.delete(
    '/:id',
    {
      config: { scopes: ['orders:write'], owesSms: true },
      schema: {
        operationId: 'deleteOrder',
        tags: ['orders'],
        summary: 'Cancel a pending or confirmed order (kept, never erased; its stock goes back)',
        description:
          'As POST /v1/orders/{id}/cancel, answering 204: the order stays, cancelled, and the customer is told by ' +
          'SMS. A shipped, delivered or already cancelled order answers 409.',
        params: IdParams,
        response: { 204: Type.Null({ description: 'cancelled' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await orders.cancelOrder(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/:id/events',
    {
      config: { scopes: ['orders:read'] },
      schema: {
        operationId: 'listOrderEvents',
        tags: ['orders'],
        summary: "An order's status changes, oldest first, with who made each",
        params: IdParams,
        querystring: OrderEventsQuery,
        response: { 200: Page(OrderEvent, 'OrderEventPage'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => orders.listOrderEvents(request.actor, request.params.id, request.query),
  );
};

export default ordersRoutes;
