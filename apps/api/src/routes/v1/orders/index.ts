import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangeStatusBody,
  CreateOrderBody,
  ListOrdersQuery,
  Order,
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
        tags: ['orders'],
        summary: 'Place an order (and owe its "order received" SMS)',
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
        tags: ['orders'],
        summary: 'Change item, quantity or amount of a pending order',
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
        tags: ['orders'],
        summary: 'Cancel a pending or confirmed order',
        params: IdParams,
        response: { 200: Order, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => orders.cancelOrder(request.actor, request.params.id),
  );
};

export default ordersRoutes;
