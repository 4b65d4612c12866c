import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkResendBody,
  BulkResendCount,
  BulkResendResult,
} from '../../../features/notifications/bulk-resend.schemas.ts';
import { createBulkResendService } from '../../../features/notifications/bulk-resend.service.ts';
import {
  ListNotificationsQuery,
  Notification,
  NotificationDetail,
  NotificationSummary,
  OrderNotificationsQuery,
} from '../../../features/notifications/notifications.schemas.ts';
import { createNotificationService } from '../../../features/notifications/notifications.service.ts';
import { IdParams, Page, problemResponses } from '../../../schemas/common.ts';

/**
 * The SMS history and operators' resends. Registered with the prefix /v1. A customer's own token
 * reads its own SMS with `orders:read` (ownScopes): they are part of its orders' story.
 */
const notificationsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const notifications = createNotificationService({
    db: fastify.db,
    sms: fastify.smsDispatcher,
    metrics: fastify.metrics,
  });

  fastify.get(
    '/notifications',
    {
      config: { scopes: ['notifications:read'], ownScopes: ['orders:read'] },
      schema: {
        tags: ['notifications'],
        operationId: 'listNotifications',
        summary: 'List SMS notifications, newest first',
        querystring: ListNotificationsQuery,
        response: { 200: Page(Notification, 'NotificationPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => notifications.listNotifications(request.actor, request.query),
  );

  // Staff only: notifications:read has no customer equivalent (ownScopes) here.
  fastify.get(
    '/notifications/summary',
    {
      config: { scopes: ['notifications:read'] },
      schema: {
        tags: ['notifications'],
        operationId: 'getNotificationSummary',
        summary: 'Count the notifications owed, being sent and failed in the last hour, and the outbox lag',
        description:
          'Exact counts now: `pending`, `queued` and `sending`, and `failedLastHour` (created within the last ' +
          'hour and failed). `outboxLagS` is the age in seconds of the oldest notification still owed ' +
          "(pending or queued), as the worker's sokoni_outbox_lag_seconds measures it; 0 when none is. " +
          'Read from PostgreSQL in one statement along the (status, created_at) index, for consoles that poll it.',
        response: { 200: NotificationSummary, ...problemResponses(401, 403) },
      },
    },
    async () => notifications.summary(),
  );

  fastify.get(
    '/notifications/:id',
    {
      config: { scopes: ['notifications:read'], ownScopes: ['orders:read'] },
      schema: {
        tags: ['notifications'],
        operationId: 'getNotification',
        summary: 'Get a notification with its send attempts and delivery reports',
        params: IdParams,
        response: { 200: NotificationDetail, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => notifications.getNotification(request.actor, request.params.id),
  );

  fastify.get(
    '/orders/:id/notifications',
    {
      config: { scopes: ['notifications:read'], ownScopes: ['orders:read'] },
      schema: {
        tags: ['notifications'],
        operationId: 'listOrderNotifications',
        summary: "List an order's SMS notifications, newest first",
        params: IdParams,
        querystring: OrderNotificationsQuery,
        response: { 200: Page(Notification, 'NotificationPage'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => notifications.listOrderNotifications(request.actor, request.params.id, request.query),
  );

  const bulk = createBulkResendService({ db: fastify.db, sms: fastify.smsDispatcher });
  fastify.post(
    '/notifications/resend',
    {
      config: { scopes: ['notifications:resend'], idempotent: true, owesSms: true },
      schema: {
        operationId: 'resendNotifications',
        tags: ['notifications'],
        summary: 'Send many notifications again, one new linked notification per original',
        description:
          'Picks the notifications matching the filter (default status: failed, rejected and expired), oldest ' +
          'first, up to `limit` (≤ 1000). An original is resent only while it has no resend of its own and ' +
          'nothing of its resend chain still owes a send, and one per chain: calling twice, or at the same ' +
          'time, never resends one original twice. `dryRun` answers 200 with the count and writes nothing; ' +
          'otherwise 202 with the count and the ids of the new notifications (each readable at ' +
          '/v1/notifications/{id}, trigger `resend`, `resendOf` the original).',
        body: BulkResendBody,
        response: {
          200: BulkResendCount,
          202: BulkResendResult,
          ...problemResponses(400, 401, 403, 409, 422),
        },
      },
    },
    async (request, reply) => {
      if (request.body.dryRun === true) {
        return { count: await bulk.countResendable(request.actor, request.body) };
      }
      const ids = await bulk.resendMatching(request.actor, request.body, request.unitOfWork);
      reply.code(202);
      return { count: ids.length, ids };
    },
  );

  fastify.post(
    '/notifications/:id/resend',
    {
      config: { scopes: ['notifications:resend'], idempotent: true, owesSms: true },
      schema: {
        tags: ['notifications'],
        operationId: 'resendNotification',
        summary: 'Send a notification again, as a new notification linked to it',
        params: IdParams,
        response: { 202: Notification, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const created = await notifications.resendNotification(
        request.actor,
        request.params.id,
        request.unitOfWork,
      );
      reply.code(202).header('location', `/v1/notifications/${created.id}`);
      return created;
    },
  );
};

export default notificationsRoutes;
