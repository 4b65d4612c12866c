import type { Instrumentation } from '@opentelemetry/instrumentation';

/** The libraries whose work becomes spans; each app names the ones it uses. */
export type InstrumentationName = 'http' | 'fastify' | 'pg' | 'ioredis' | 'undici';

/** Paths whose requests are not traced: probes and scrapes, several a second, say nothing of a flow. */
const untracedPaths = new Set(['/healthz', '/readyz', '/metrics']);

function isUntracedPath(url: string | undefined): boolean {
  return untracedPaths.has((url ?? '').split('?')[0] ?? '');
}

/**
 * The instrumentations, loaded only when tracing is on. Database and Redis spans are made only
 * inside a span (a request, a job): the relay's sweeps and BullMQ's polling would otherwise each
 * be a trace of their own, many a second.
 */
export async function loadInstrumentations(names: InstrumentationName[]): Promise<Instrumentation[]> {
  const loaders: Record<InstrumentationName, () => Promise<Instrumentation>> = {
    http: async () => {
      const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
      return new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isUntracedPath(request.url),
        // Outgoing calls go through undici (fetch, the SMS gateway); its instrumentation covers them.
        ignoreOutgoingRequestHook: () => true,
      });
    },
    fastify: async () => {
      const { FastifyOtelInstrumentation } = await import('@fastify/otel');
      return new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        ignorePaths: ({ url }) => isUntracedPath(url),
        // The request id of the API's log lines and its x-request-id header, to find one from the other.
        requestHook: (span, request) => span.setAttribute('http.request.id', request.id),
      }) as unknown as Instrumentation;
    },
    pg: async () => {
      const { PgInstrumentation } = await import('@opentelemetry/instrumentation-pg');
      // Statement text only, never its parameters (names, phone numbers): enhancedDatabaseReporting stays off.
      return new PgInstrumentation({ requireParentSpan: true });
    },
    ioredis: async () => {
      const { IORedisInstrumentation } = await import('@opentelemetry/instrumentation-ioredis');
      // The command name only: its arguments hold job data and keys.
      return new IORedisInstrumentation({
        requireParentSpan: true,
        dbStatementSerializer: (command) => command,
      });
    },
    undici: async () => {
      const { UndiciInstrumentation } = await import('@opentelemetry/instrumentation-undici');
      return new UndiciInstrumentation({ requireParentforSpans: true });
    },
  };
  return Promise.all(names.map((name) => loaders[name]()));
}
