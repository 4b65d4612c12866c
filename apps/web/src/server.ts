import { ConfigError } from '@sokoni/config';
import { logOptions, terminalTransport } from '@sokoni/runtime';
import closeWithGrace from 'close-with-grace';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { buildWebApp } from './app.ts';
import { insecureTransportWarnings, loadWebConfig } from './config.ts';

function loadConfigOrExit() {
  try {
    return loadWebConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sokoni-web: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
// Sessions live in Redis: a request fails fast while it is down (the page says so) rather than
// waiting for a reconnect.
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
redis.on('error', () => {
  // ioredis reconnects by itself; the readiness check and the pages report the outage.
});
const app = await buildWebApp(config, {
  redis,
  logger: {
    ...logOptions,
    level: config.LOG_LEVEL,
    ...terminalTransport(config.NODE_ENV),
    serializers: {
      ...logOptions.serializers,
      // No headers (the session cookie) and no query string (a sign-in's code and state).
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: request.url.split('?')[0],
        remoteAddress: request.ip,
      }),
    },
  },
});
for (const warning of insecureTransportWarnings(config)) {
  app.log.warn(warning);
}

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) {
    app.log.error({ err }, 'closing after an uncaught error');
  } else {
    app.log.info({ signal }, 'shutting down');
  }
  await app.close();
  redis.disconnect();
});

await app.listen({ host: config.HOST, port: config.PORT });
