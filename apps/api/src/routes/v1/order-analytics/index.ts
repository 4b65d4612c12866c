import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AnalyticsQuery, OrderAnalytics } from '../../../features/analytics/analytics.schemas.ts';
import { createAnalyticsService } from '../../../features/analytics/analytics.service.ts';
import { problemResponses } from '../../../schemas/common.ts';

/** GET /v1/orders/analytics: registered under that prefix, beside the orders routes. */
const orderAnalyticsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const analytics = createAnalyticsService({ db: fastify.db });

  fastify.get(
    '/',
    {
      config: { scopes: ['analytics:read'] },
      schema: {
        operationId: 'getOrderAnalytics',
        tags: ['orders'],
        summary: 'Orders and revenue per UTC day, week or month, by status, and the top customers and items',
        description:
          'Over the orders created in [from, to). Buckets are UTC (date_trunc on the time in UTC; weeks start ' +
          'on Monday), at most 366 per answer: a wider range answers 400. Cancelled orders count as orders and ' +
          'in byStatus, never in revenue or the top lists (10 each). An item is each line of a catalogue ' +
          "order (the product's name when ordered), or a free-text order's item.",
        querystring: AnalyticsQuery,
        response: { 200: OrderAnalytics, ...problemResponses(401, 403) },
      },
    },
    async (request) => analytics.orderAnalytics(request.actor, request.query),
  );
};

export default orderAnalyticsRoutes;
