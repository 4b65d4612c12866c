import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { OneLineRequestLog } from '@sokoni/runtime';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { ApiConfig } from './config.ts';
import { trustProxyOption } from './lib/trust-proxy.ts';
import authPlugin from './plugins/app/auth.ts';
import configPlugin from './plugins/app/config.ts';
import dbPlugin from './plugins/app/db.ts';
import idempotencyPlugin from './plugins/app/idempotency.ts';
import metricsPlugin from './plugins/app/metrics.ts';
import operatorSessionPlugin from './plugins/app/operator-session.ts';
import problemDetailsPlugin, { sendProblem } from './plugins/app/problem-details.ts';
import rateLimitPlugin from './plugins/app/rate-limit.ts';
import smsQueuePlugin from './plugins/app/sms-queue.ts';
import validationPlugin from './plugins/app/validation.ts';
import bullBoardPlugin from './plugins/external/bull-board.ts';
import corsPlugin from './plugins/external/cors.ts';
import helmetPlugin from './plugins/external/helmet.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import adminRoutes from './routes/admin/index.ts';
import healthRoutes from './routes/health.ts';
import metricsRoutes from './routes/metrics.ts';
import categoriesRoutes from './routes/v1/categories/index.ts';
import customersRoutes from './routes/v1/customers/index.ts';
import notificationsRoutes from './routes/v1/notifications/index.ts';
import orderAnalyticsRoutes from './routes/v1/order-analytics/index.ts';
import ordersRoutes from './routes/v1/orders/index.ts';
import productsRoutes from './routes/v1/products/index.ts';
import webhooksRoutes from './routes/v1/webhooks/index.ts';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Builds the API without listening: server.ts listens, tests use `inject` or `listen({ port: 0 })`.
 * Load order: external plugins, app plugins, then routes.
 */
export async function buildApp(config: ApiConfig, options: { logger?: FastifyServerOptions['logger'] } = {}) {
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLineRequestLog(),
    bodyLimit: config.BODY_LIMIT_BYTES,
    // A caller's x-request-id is kept when it looks sane (genReqId reads it), so one id follows a
    // request across services; anything else gets a fresh UUID.
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true },
    // Whose X-Forwarded-* to believe (request.ip, protocol, host): none unless TRUST_PROXY says.
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    // A URL Fastify cannot even route (malformed percent-encoding) is answered as a problem too.
    frameworkErrors: (error, request, reply) => {
      sendProblem(request, reply, { code: 'validation-failed', detail: error.message });
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON only (the webhook plugin adds form bodies in its own scope): anything else is a 415.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(configPlugin, { config });
  await app.register(helmetPlugin);
  await app.register(corsPlugin);
  await app.register(metricsPlugin);
  await app.register(validationPlugin);
  await app.register(problemDetailsPlugin);
  await app.register(swaggerPlugin);
  await app.register(dbPlugin);
  await app.register(smsQueuePlugin);
  await app.register(operatorSessionPlugin);
  await app.register(authPlugin);
  await app.register(idempotencyPlugin);

  await app.register(rateLimitPlugin);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(customersRoutes, { prefix: '/v1/customers' });
  await app.register(ordersRoutes, { prefix: '/v1/orders' });
  await app.register(orderAnalyticsRoutes, { prefix: '/v1/orders/analytics' });
  await app.register(categoriesRoutes, { prefix: '/v1/categories' });
  await app.register(productsRoutes, { prefix: '/v1/products' });
  await app.register(notificationsRoutes, { prefix: '/v1' });
  await app.register(webhooksRoutes, { prefix: '/v1/webhooks' });
  await app.register(adminRoutes, { prefix: '/admin' });
  await app.register(bullBoardPlugin);
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
