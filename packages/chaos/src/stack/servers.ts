import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

/**
 * The run's own PostgreSQL and Redis, which bin/chaos started: stopped and started again through
 * bin/lib/chaos-servers (the same functions bin/dev and bin/test start servers with), emptied
 * with FLUSHALL.
 */
export function createServerControl(options: { script: string; redisUrl: string }) {
  const servers = async (action: 'start' | 'stop', server: 'postgres' | 'redis') => {
    await run(options.script, [action, server], { env: process.env });
  };
  return {
    stopPostgres: () => servers('stop', 'postgres'),
    startPostgres: () => servers('start', 'postgres'),
    stopRedis: () => servers('stop', 'redis'),
    startRedis: () => servers('start', 'redis'),
    /** Every key gone at once, as when a Redis without persistence restarts or fails over. */
    async flushRedis(): Promise<void> {
      const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
      try {
        await redis.flushall();
      } finally {
        redis.disconnect();
      }
    },
  };
}

export type ServerControl = ReturnType<typeof createServerControl>;
