import type { FastifyPluginAsync } from 'fastify';

/**
 * GET /metrics: Prometheus's text format. No token, like the probes: the chart keeps it out of
 * the Ingress (only the cluster's Prometheus reaches it), the rate limiter does not count it, and
 * it writes no request log line (one every scrape would drown the rest). Left out of the OpenAPI
 * document: it is for the scraper, not for API clients.
 */
const metricsRoute: FastifyPluginAsync = async (fastify) => {
  fastify.get('/metrics', { logLevel: 'silent', schema: { hide: true } }, async (_request, reply) => {
    const { registry } = fastify.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

export default metricsRoute;
