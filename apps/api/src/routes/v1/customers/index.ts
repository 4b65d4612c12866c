import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CustomerStats } from '../../../features/customers/customer-stats.schemas.ts';
import { createCustomerStatsService } from '../../../features/customers/customer-stats.service.ts';
import {
  CreateCustomerBody,
  Customer,
  ListCustomersQuery,
  UpdateCustomerBody,
} from '../../../features/customers/customers.schemas.ts';
import { createCustomerService } from '../../../features/customers/customers.service.ts';
import { CustomerOrdersQuery, Order } from '../../../features/orders/orders.schemas.ts';
import { IdParams, Page, problemResponses } from '../../../schemas/common.ts';
import { orderServiceFor } from '../order-service.ts';

const customersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { config, db } = fastify;
  const customers = createCustomerService({
    db,
    defaultPhoneRegion: config.DEFAULT_PHONE_REGION,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  const orders = orderServiceFor(fastify);
  const stats = createCustomerStatsService({ db });

  fastify.post(
    '/',
    {
      config: { scopes: ['customers:write'], idempotent: true },
      schema: {
        tags: ['customers'],
        operationId: 'createCustomer',
        summary: 'Create a customer',
        body: CreateCustomerBody,
        response: { 201: Customer, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const customer = await customers.createCustomer(request.actor, request.body, request.unitOfWork);
      reply.code(201).header('location', `/v1/customers/${customer.id}`);
      return customer;
    },
  );

  fastify.get(
    '/',
    {
      config: { scopes: ['customers:read'] },
      schema: {
        tags: ['customers'],
        operationId: 'listCustomers',
        summary: 'List customers, newest first',
        querystring: ListCustomersQuery,
        response: { 200: Page(Customer, 'CustomerPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => customers.listCustomers(request.actor, request.query),
  );

  // A customer's own token reads and changes its own record with the customer scopes it holds
  // (ownScopes); anyone else's record answers 404 to it, as if it did not exist.
  fastify.get(
    '/me',
    {
      config: { scopes: ['customers:read'], ownScopes: ['orders:read'] },
      schema: {
        operationId: 'getMyCustomer',
        tags: ['customers'],
        summary: 'Get the customer the token acts as',
        description: 'A customer’s own token gets its own record; a token linked to no customer gets 404.',
        response: { 200: Customer, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => customers.getOwnCustomer(request.actor),
  );

  fastify.patch(
    '/me',
    {
      config: { scopes: ['customers:write'], ownScopes: ['orders:write'] },
      schema: {
        operationId: 'updateMyCustomer',
        tags: ['customers'],
        summary: 'Change the customer the token acts as',
        description:
          'Name, phone (validated and stored as E.164), e-mail and language; a customer cannot change its ' +
          'code or subject (403). A token linked to no customer gets 404.',
        body: UpdateCustomerBody,
        response: { 200: Customer, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      customers.updateCustomer(
        request.actor,
        (await customers.getOwnCustomer(request.actor)).id,
        request.body,
      ),
  );

  fastify.get(
    '/:id',
    {
      config: { scopes: ['customers:read'], ownScopes: ['orders:read'] },
      schema: {
        tags: ['customers'],
        operationId: 'getCustomer',
        summary: 'Get a customer',
        description: 'A customer’s own token gets its own record; any other is 404.',
        params: IdParams,
        response: { 200: Customer, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => customers.getCustomer(request.actor, request.params.id),
  );

  fastify.patch(
    '/:id',
    {
      config: { scopes: ['customers:write'], ownScopes: ['orders:write'] },
      schema: {
        tags: ['customers'],
        operationId: 'updateCustomer',
        summary: 'Change a customer',
        description:
          'A customer’s own token may change its own name, phone, e-mail and language (not its code or ' +
          'subject: 403); any other customer is 404 to it.',
        params: IdParams,
        body: UpdateCustomerBody,
        response: { 200: Customer, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => customers.updateCustomer(request.actor, request.params.id, request.body),
  );

  fastify.delete(
    '/:id',
    {
      config: { scopes: ['customers:write'] },
      schema: {
        tags: ['customers'],
        operationId: 'deleteCustomer',
        summary: 'Delete a customer who has no orders',
        params: IdParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await customers.deleteCustomer(request.actor, request.params.id);
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/:id/orders',
    {
      config: { scopes: ['orders:read'] },
      schema: {
        tags: ['customers', 'orders'],
        operationId: 'listCustomerOrders',
        summary: "List a customer's orders, newest first",
        params: IdParams,
        querystring: CustomerOrdersQuery,
        response: { 200: Page(Order, 'OrderPage'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => orders.listCustomerOrders(request.actor, request.params.id, request.query),
  );

  fastify.get(
    '/:id/stats',
    {
      config: { scopes: ['orders:read'] },
      schema: {
        operationId: 'getCustomerStats',
        tags: ['customers', 'orders'],
        summary: "A customer's order count by status, totals and averages per currency, first and last order",
        description:
          'Computed from the orders as they are now. Cancelled orders count in orderCount and byStatus but ' +
          'not in totals: they brought no money in. A customer’s own token sees its own; any other is 404.',
        params: IdParams,
        response: { 200: CustomerStats, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => stats.getCustomerStats(request.actor, request.params.id),
  );
};

export default customersRoutes;
