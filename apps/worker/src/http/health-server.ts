import { withTimeout } from '@sokoni/runtime';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { RedisWatch } from './redis-watch.ts';

export interface HealthChecks {
  /** The BullMQ worker is running (not closed, not crashed). */
  workerRunning: () => boolean;
  redis: RedisWatch;
  redisReadyTimeoutMs: number;
  pingDatabase: () => Promise<void>;
  pingRedis: () => Promise<void>;
  /** The worker's metrics, with the gauges read on each scrape (scrape-gauges.ts). */
  registry: Registry;
}

/** Longest /readyz waits for one dependency before calling it down (ms). */
const checkTimeoutMs = 2000;

async function check(name: string, run: () => Promise<void>): Promise<[string, string]> {
  try {
    await withTimeout(run(), checkTimeoutMs, `${name} did not answer within ${checkTimeoutMs} ms`);
    return [name, 'ok'];
  } catch (error) {
    return [name, error instanceof Error ? error.message : String(error)];
  }
}

/**
 * The worker's small HTTP port: /healthz (liveness: the consumer runs and Redis has been ready
 * recently), /readyz (PostgreSQL and Redis answer) and /metrics (Prometheus).
 */
export function buildHealthServer(checks: HealthChecks): FastifyInstance {
  const app = Fastify({ logger: false });

  app.get('/healthz', async (_request, reply) => {
    const problems: string[] = [];
    if (!checks.workerRunning()) {
      problems.push('the SMS worker is not running');
    }
    const notReadyMs = checks.redis.notReadyForMs();
    if (notReadyMs > checks.redisReadyTimeoutMs) {
      problems.push(`redis has not been ready for ${Math.round(notReadyMs / 1000)} s`);
    }
    return reply.code(problems.length === 0 ? 200 : 503).send({
      status: problems.length === 0 ? 'ok' : 'failing',
      ...(problems.length > 0 ? { problems } : {}),
    });
  });

  app.get('/readyz', async (_request, reply) => {
    const results = Object.fromEntries(
      await Promise.all([check('database', checks.pingDatabase), check('redis', checks.pingRedis)]),
    );
    const ok = Object.values(results).every((value) => value === 'ok');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: results });
  });

  // Every source read on a scrape is bounded by its own timeout (scrape-gauges.ts): with Redis
  // or PostgreSQL down the process metrics still come, without the series that source gives.
  app.get('/metrics', async (_request, reply) => {
    return reply.type(checks.registry.contentType).send(await checks.registry.metrics());
  });

  return app;
}
