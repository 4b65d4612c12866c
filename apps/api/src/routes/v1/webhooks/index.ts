import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createDeliveryReportService } from '../../../features/notifications/delivery-reports.service.ts';
import {
  DeliveryReportForm,
  WebhookSecretParams,
} from '../../../features/notifications/notifications.schemas.ts';
import { problemResponses } from '../../../schemas/common.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a token (the route authenticates its caller itself). */
    public?: boolean;
  }
}

/**
 * Callbacks from outside, authenticated by a secret in their URL rather than by a token. Only
 * this plugin reads form bodies (Africa's Talking posts application/x-www-form-urlencoded).
 */
const webhooksRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(formbody, { bodyLimit: 16_384 });
  const reports = createDeliveryReportService({ db: fastify.db, secret: fastify.config.AT_WEBHOOK_SECRET });

  fastify.post(
    '/africastalking/delivery-reports/:secret',
    {
      config: { public: true },
      schema: {
        tags: ['webhooks'],
        summary: "Delivery report callback for Africa's Talking (register this URL with your secret)",
        params: WebhookSecretParams,
        body: DeliveryReportForm,
        response: {
          200: Type.Object({
            received: Type.Boolean(),
            matched: Type.Boolean({ description: 'a notification has this message id' }),
            status: Type.Union([Type.String(), Type.Null()], {
              description: "the notification's status now",
            }),
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => reports.receive(request.params.secret, request.body),
  );
};

export default webhooksRoutes;
