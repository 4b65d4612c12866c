import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerUrls {
  databaseUrl: string;
  redisUrl: string;
  /** Stops what this module started; a no-op when the servers came from the environment. */
  stop: () => Promise<void>;
}

const testServicesScript = fileURLToPath(new URL('../../../bin/lib/test-services', import.meta.url));

function dockerEngineAnswers(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

/**
 * PostgreSQL and Redis for a test run: the URLs from the environment when set (bin/test sets
 * them), else containers when a Docker engine answers, else local server processes.
 */
export async function provideServers(env = process.env): Promise<ServerUrls> {
  if (env.DATABASE_URL && env.REDIS_URL) {
    return { databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, stop: async () => {} };
  }
  if (dockerEngineAnswers()) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { RedisContainer } = await import('@testcontainers/redis');
    const [postgres, redis] = await Promise.all([
      new PostgreSqlContainer('postgres:15-alpine').start(),
      new RedisContainer('redis:7-alpine').start(),
    ]);
    return {
      databaseUrl: postgres.getConnectionUri(),
      redisUrl: redis.getConnectionUrl(),
      stop: async () => {
        await Promise.all([postgres.stop(), redis.stop()]);
      },
    };
  }
  const output = execFileSync(testServicesScript, ['up'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const urls = Object.fromEntries(
    output
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
  return {
    databaseUrl: urls.DATABASE_URL,
    redisUrl: urls.REDIS_URL,
    stop: async () => {
      execFileSync(testServicesScript, ['down'], { stdio: 'inherit' });
    },
  };
}
