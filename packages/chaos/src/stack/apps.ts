import { randomBytes } from 'node:crypto';
import { freePort, type IdpProcess, spawnIdp } from '@sokoni/testing/standalone';
import { generousLimitsFor, readBy, SIMULATOR_API_KEY, smsJobEnv, workerTimings } from './app-env.ts';
import { type ManagedApp, startManagedApp } from './managed-app.ts';
import { repoRoot } from './paths.ts';

export interface ChaosStack {
  idp: IdpProcess;
  simulator: ManagedApp;
  api: ManagedApp;
  workers: ManagedApp[];
  queuePrefix: string;
}

/**
 * The apps of a run, each a process as in production (`node apps/<app>/src/…`): the idp, the
 * simulator (its delivery reports go to the API's webhook), one API and `workerCount` workers,
 * over the run's database and Redis.
 */
export async function startChaosStack(options: {
  databaseUrl: string;
  redisUrl: string;
  workerCount: number;
}): Promise<ChaosStack> {
  const queuePrefix = 'chaos';
  const webhookSecret = randomBytes(32).toString('hex');
  const idp = await spawnIdp({ command: [process.execPath, 'apps/idp/src/server.ts'], cwd: repoRoot });
  const apiPort = await freePort();
  const common = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    ...smsJobEnv,
  };
  // Liveness, not readiness: an app restarted while PostgreSQL is down must still come up.
  const api = await startManagedApp({
    name: 'api',
    entryPoint: 'apps/api/src/server.ts',
    readyPath: '/healthz',
    port: apiPort,
    env: {
      ...common,
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.audience,
      AT_WEBHOOK_SECRET: webhookSecret,
      ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
      ...generousLimitsFor('api'),
    },
  });
  const simulator = await startManagedApp({
    name: 'at-sim',
    entryPoint: 'apps/at-sim/src/server.ts',
    readyPath: '/healthz',
    port: await freePort(),
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      AT_SIM_API_KEY: SIMULATOR_API_KEY,
      AT_SIM_CALLBACK_URL: `${api.url}/v1/webhooks/africastalking/delivery-reports/${webhookSecret}`,
      AT_SIM_DLR_DELAY_MS: '300',
      AT_SIM_DLR_RETRIES: '6',
      AT_SIM_DLR_RETRY_BACKOFF_MS: '500',
      // Every message of the run stays listed, so each one can be counted.
      AT_SIM_MAX_MESSAGES: '1000000',
    },
  });
  const workers: ManagedApp[] = [];
  for (let n = 1; n <= options.workerCount; n += 1) {
    workers.push(
      await startManagedApp({
        name: `worker-${n}`,
        entryPoint: 'apps/worker/src/main.ts',
        readyPath: '/healthz',
        port: await freePort(),
        env: {
          ...common,
          AT_BASE_URL: simulator.url,
          AT_API_KEY: SIMULATOR_API_KEY,
          ...readBy('worker', workerTimings),
          ...generousLimitsFor('worker'),
        },
      }),
    );
  }
  return { idp, simulator, api, workers, queuePrefix };
}
