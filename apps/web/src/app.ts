import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import { OneLineRequestLog } from '@sokoni/runtime';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Redis } from 'ioredis';
import { createSokoniApi } from './api/sokoni-api.ts';
import type { WebConfig } from './config.ts';
import { registerPages } from './pages.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { consoleRoutes } from './routes/console.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { ordersRoutes } from './routes/orders.routes.ts';
import { profileRoutes } from './routes/profile.routes.ts';
import { shopRoutes } from './routes/shop.routes.ts';
import { createOidcClient } from './session/oidc-client.ts';
import { registerSessions } from './session/sessions.plugin.ts';

export interface WebAppDependencies {
  redis: Redis;
  logger?: FastifyServerOptions['logger'];
}

const publicDir = fileURLToPath(new URL('../public/', import.meta.url));
// htmx from its npm package, served as a file of our own origin: no CDN, and the CSP stays 'self'.
const htmxDir = fileURLToPath(new URL('../node_modules/htmx.org/dist/', import.meta.url));

/**
 * The web app: server-rendered pages for customers (/orders, /shop, /profile) and operators
 * (/console), a backend for frontend that keeps every token on the server. Returned unstarted:
 * server.ts listens, tests inject.
 */
export async function buildWebApp(config: WebConfig, deps: WebAppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    logController: new OneLineRequestLog(),
    // Forms are small; a larger body is a mistake or an attack.
    bodyLimit: 64 * 1024,
  });
  const api = createSokoniApi({ baseUrl: config.WEB_API_URL, timeoutMs: config.WEB_API_TIMEOUT_MS });
  const oidc = createOidcClient({
    issuer: config.OIDC_ISSUER,
    clientId: config.WEB_OIDC_CLIENT_ID,
    clientSecret: config.WEB_OIDC_CLIENT_SECRET,
    redirectUri: `${config.WEB_PUBLIC_URL}/callback`,
    resource: config.OIDC_AUDIENCE,
    timeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
  });

  await app.register(formbody);
  await app.register(fastifyStatic, {
    root: publicDir,
    prefix: '/static/',
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: htmxDir,
    prefix: '/vendor/htmx/',
    decorateReply: false,
    allowedPath: (path) => path === '/htmx.min.js',
    maxAge: '1d',
  });
  await registerPages(app, config);
  await registerSessions(app, { config, redis: deps.redis, oidc });
  await app.register(healthRoutes, { redis: deps.redis });
  await app.register(authRoutes, { config, oidc });
  await app.register(profileRoutes, { api, oidc });
  await app.register(ordersRoutes, { api });
  await app.register(shopRoutes, { api, config });
  await app.register(consoleRoutes, { api, config });
  return app;
}
