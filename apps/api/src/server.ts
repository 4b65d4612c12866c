import { ConfigError } from '@sokoni/config';
import { loggableUrl, logOptions, terminalTransport } from '@sokoni/runtime';
import { flushTraces } from '@sokoni/telemetry';
import closeWithGrace from 'close-with-grace';
import type { FastifyRequest } from 'fastify';
import { buildApp } from './app.ts';
import { insecureTransportWarnings, loadApiConfig } from './config.ts';

function loadConfigOrExit() {
  try {
    return loadApiConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`sokoni-api: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const app = await buildApp(config, {
  logger: {
    // The shared err serializer (no query parameters) and redaction of credentials.
    ...logOptions,
    level: config.LOG_LEVEL,
    // Pretty lines for a person at a terminal; JSON for log collectors everywhere else.
    ...terminalTransport(config.NODE_ENV),
    serializers: {
      ...logOptions.serializers,
      // No headers (tokens, cookies); the URL without the webhook's secret or a sign-in's code.
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: loggableUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
      }),
    },
  },
});

for (const warning of insecureTransportWarnings(config)) {
  app.log.warn(warning);
}

// SIGTERM/SIGINT: stop accepting, finish in-flight requests, close pools; give up after 10 s.
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) {
    app.log.error({ err }, 'closing after an uncaught error');
  } else {
    app.log.info({ signal }, 'shutting down');
  }
  await app.close();
  // The spans of the last requests (with tracing off, nothing to do).
  await flushTraces();
});

await app.listen({ host: config.HOST, port: config.PORT });
