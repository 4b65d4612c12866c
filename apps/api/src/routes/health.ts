import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { withTimeout } from '@sokoni/runtime';
import { Type } from 'typebox';

const Check = Type.Union([Type.Literal('ok'), Type.Literal('down')]);
const Readiness = Type.Object({ status: Check, database: Check, redis: Check });

/** Whether `check` succeeds within `ms`: a dependency that answers too late counts as down. */
function answersWithin(ms: number, check: PromiseLike<unknown>): Promise<boolean> {
  return withTimeout(check, ms).then(
    () => true,
    () => false,
  );
}

/**
 * /healthz: the process answers. /readyz: PostgreSQL answers (503 when not). Redis is reported
 * but does not make the API unready: orders are still taken and their SMS wait in the outbox.
 */
const health: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Whether the process answers (liveness)',
        // Public: no token is needed, and the document says so rather than leaving it unsaid.
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  fastify.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Whether PostgreSQL answers (readiness; 503 when not), and whether Redis does',
        security: [],
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const [database, redis] = await Promise.all([
        answersWithin(2000, fastify.pingDatabase()),
        answersWithin(1000, fastify.pingRedis()),
      ]);
      const body = {
        status: database ? ('ok' as const) : ('down' as const),
        database: database ? ('ok' as const) : ('down' as const),
        redis: redis ? ('ok' as const) : ('down' as const),
      };
      return reply.code(database ? 200 : 503).send(body);
    },
  );
};

export default health;
