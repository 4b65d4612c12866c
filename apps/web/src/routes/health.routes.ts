import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

/** `/healthz`: the process answers. `/readyz`: Redis, where the sessions are, answers too. */
export async function healthRoutes(app: FastifyInstance, options: { redis: Pick<Redis, 'ping'> }) {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    try {
      await options.redis.ping();
      return { status: 'ok', redis: 'up' };
    } catch (error) {
      request.log.warn({ err: error }, 'Redis does not answer');
      return reply.code(503).send({ status: 'unavailable', redis: 'down' });
    }
  });
}
