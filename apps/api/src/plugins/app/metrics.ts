import { statusClassLabel } from '@sokoni/runtime';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type ApiMetrics, createApiMetrics } from '../../features/metrics/api-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ApiMetrics;
  }
}

/** Methods counted by name; anything else (PROPFIND, a made-up verb) is `other`. */
const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The scrape itself is not counted: Prometheus would see mostly its own requests. */
const METRICS_PATH = '/metrics';

/**
 * The API's metrics (`fastify.metrics`) and the timing of every request, recorded in onResponse
 * by route template (`/v1/orders/:id`, never the URL, which holds ids), method and status class.
 * A request no route matched (a 404 for an unknown path) is `unmatched`, so probing random URLs
 * cannot add series. A small hook rather than fastify-metrics, whose current version is built on
 * another Prometheus client than the prom-client both apps use.
 */
async function metrics(fastify: FastifyInstance) {
  const apiMetrics = createApiMetrics();
  fastify.decorate('metrics', apiMetrics);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    if (route === METRICS_PATH) {
      return;
    }
    apiMetrics.httpRequestDuration.observe(
      {
        method: knownMethods.has(request.method) ? request.method : 'other',
        route: route ?? 'unmatched',
        status_class: statusClassLabel(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
}

export default fp(metrics, { name: 'metrics' });
