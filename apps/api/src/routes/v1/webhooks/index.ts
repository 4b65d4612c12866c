import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { createDeliveryReportService } from '../../../features/notifications/delivery-reports.service.ts';
import {
  DeliveryReportForm,
  WebhookSecretParams,
} from '../../../features/notifications/notifications.schemas.ts';
import { createSecretCheck } from '../../../features/notifications/webhook-secret.ts';
import { sendProblem } from '../../../plugins/app/problem-details.ts';
import { problemResponses } from '../../../schemas/common.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without a token (the route authenticates its caller itself). */
    public?: boolean;
  }
}

const DELIVERY_REPORTS = '/africastalking/delivery-reports/:secret';

/**
 * Callbacks from outside, authenticated by a secret in their URL rather than by a token. Only
 * this plugin reads form bodies (Africa's Talking posts application/x-www-form-urlencoded).
 */
const webhooksRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  await fastify.register(formbody, { bodyLimit: 16_384 });
  const reports = createDeliveryReportService({
    db: fastify.db,
    metrics: fastify.metrics,
    smsJobs: fastify.smsProducer.queue,
  });
  const isDeliveryReportSecret = createSecretCheck(fastify.config.AT_WEBHOOK_SECRET);

  // Africa's Talking does not sign its callbacks, so the URL's secret is the whole of the
  // authentication. It is checked in onRequest, before the body is read, parsed or validated:
  // without it every request gets the same 404 as a route that does not exist, whatever its body,
  // and learns nothing about what a valid report looks like.
  async function requireSecret(request: FastifyRequest, reply: FastifyReply) {
    const { secret } = request.params as { secret?: unknown };
    if (typeof secret !== 'string' || !isDeliveryReportSecret(secret)) {
      return sendProblem(request, reply, {
        code: 'not-found',
        detail: 'route POST /v1/webhooks/africastalking/delivery-reports/… does not exist',
      });
    }
  }

  fastify.post(
    DELIVERY_REPORTS,
    {
      config: { public: true },
      onRequest: requireSecret,
      schema: {
        tags: ['webhooks'],
        operationId: 'receiveDeliveryReport',
        summary: "Delivery report callback for Africa's Talking (register this URL with your secret)",
        description:
          'Stores the report and applies it to the notification it names once that notification was sent. ' +
          'Answers 200 with an empty body, matched or not; a wrong secret answers 404 before the body is read.',
        params: WebhookSecretParams,
        body: DeliveryReportForm,
        response: {
          // No body at all: Africa's Talking needs only the status, and a caller learns nothing
          // about the notification (matched or not, its status) from the answer.
          // (a null schema is documented as a response without content).
          200: Type.Null({ description: 'stored; the body is empty' }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      await reports.receive(request.body);
      // Sent without a payload, not with `null` (which would be the JSON text "null").
      return (reply as FastifyReply).code(200).send();
    },
  );
};

export default webhooksRoutes;
