import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ListNotificationsQuery,
  Notification,
  NotificationDetail,
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
        summary: 'List SMS notifications, newest first',
        querystring: ListNotificationsQuery,
        response: { 200: Page(Notification, 'NotificationPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => notifications.listNotifications(request.actor, request.query),
  );

  fastify.get(
    '/notifications/:id',
    {
      config: { scopes: ['notifications:read'], ownScopes: ['orders:read'] },
      schema: {
        tags: ['notifications'],
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
        summary: "List an order's SMS notifications, newest first",
        params: IdParams,
        querystring: OrderNotificationsQuery,
        response: { 200: Page(Notification, 'NotificationPage'), ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => notifications.listOrderNotifications(request.actor, request.params.id, request.query),
  );

  fastify.post(
    '/notifications/:id/resend',
    {
      config: { scopes: ['notifications:resend'], idempotent: true, owesSms: true },
      schema: {
        tags: ['notifications'],
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
