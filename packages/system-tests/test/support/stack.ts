import { randomBytes } from 'node:crypto';
import { API_SCOPES } from '@sokoni/contracts';
import { createDb, type DbHandle } from '@sokoni/db';
import {
  getClientCredentialsToken,
  onFileFinished,
  type ServiceProcess,
  sharedIdp,
  useTestEnvironment,
} from '@sokoni/testing';
import { startApp } from './apps.ts';

/** The simulator's development API key, which the worker sends. */
export const SIM_API_KEY = 'at-sim-dev-key';

/** Retry settings of SMS jobs; the API and the relay both add jobs, so both get them. */
const SMS_JOB_ENV = { SMS_ATTEMPTS: '4', SMS_BACKOFF_MS: '100' };

/** Short timings so retries, stalls and the relay happen within a test's patience. */
function workerEnvOf(stack: { databaseUrl: string; redisUrl: string; queuePrefix: string; simUrl: string }) {
  return {
    NODE_ENV: 'test',
    // Info, not less: tests follow a worker through its log lines (started, shutting down, stopped).
    LOG_LEVEL: 'info',
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.queuePrefix,
    AT_BASE_URL: stack.simUrl,
    AT_API_KEY: SIM_API_KEY,
    AT_TIMEOUT_MS: '2000',
    JOB_TIMEOUT_MS: '3000',
    // A dead worker's `sending` row is taken over after 2 × JOB_TIMEOUT_MS plus this: 7 s here.
    SMS_RECORD_RETRY_MS: '1000',
    // The worker refuses a mail timeout that is not below its job timeout.
    SMTP_TIMEOUT_MS: '2000',
    ...SMS_JOB_ENV,
    SMS_CONCURRENCY: '10',
    SMS_RATE_LIMIT_MAX: '1000',
    SMS_ACCOUNT_PAUSE_MS: '1500',
    SMS_LOCK_DURATION_MS: '2000',
    SMS_STALLED_INTERVAL_MS: '1000',
    RELAY_INTERVAL_MS: '200',
    RELAY_GRACE_MS: '500',
    RELAY_REQUEUE_AFTER_MS: '10000',
    RELAY_ENQUEUE_TIMEOUT_MS: '500',
    SHUTDOWN_GRACE_MS: '5000',
  } satisfies Record<string, string>;
}

export interface StackOptions {
  /** The Redis of the whole stack, e.g. a server of the test's own that it can stop; the run's by default. */
  redisUrl?: string;
  /** Variables of the API process, over the stack's. */
  apiEnv?: Record<string, string>;
  /** Variables of the simulator process, over the stack's. */
  simEnv?: Record<string, string>;
  /** ms from acceptance to the simulator's final delivery report. */
  dlrDelayMs?: number;
}

export interface Stack {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  webhookSecret: string;
  /** Authorization header of a staff client holding every scope, from the run's apps/idp. */
  authorization: string;
  api: ServiceProcess;
  apiUrl: string;
  sim: ServiceProcess;
  simUrl: string;
  /** The stack's database, for reading results and staging the states a test needs. */
  db: DbHandle;
  /** The environment of a worker process of this stack. */
  workerEnv: (overrides?: Record<string, string>) => Record<string, string>;
  /** A worker process of this stack, resolved once its health port answers. */
  startWorker: (overrides?: Record<string, string>) => Promise<ServiceProcess>;
}

/**
 * The API and the Africa's Talking simulator as processes on loopback ports, over the test
 * file's own database clone and queue prefix, trusting the run's apps/idp; the simulator's
 * delivery reports go to the API's webhook. Each test starts the workers it needs. Every process
 * is killed and the database dropped when the file ends.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const environment = await useTestEnvironment();
  const redisUrl = options.redisUrl ?? environment.redisUrl;
  const idp = sharedIdp();
  const webhookSecret = `test-webhook-${randomBytes(12).toString('hex')}`;

  const api = await startApp('api', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: environment.databaseUrl,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: environment.queuePrefix,
    AT_WEBHOOK_SECRET: webhookSecret,
    ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
    OIDC_ISSUER: idp.issuer,
    OIDC_AUDIENCE: idp.audience,
    ...SMS_JOB_ENV,
    ...options.apiEnv,
  });
  const sim = await startApp('at-sim', {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    AT_SIM_API_KEY: SIM_API_KEY,
    AT_SIM_CALLBACK_URL: `${api.url}/v1/webhooks/africastalking/delivery-reports/${webhookSecret}`,
    AT_SIM_DLR_DELAY_MS: String(options.dlrDelayMs ?? 40),
    AT_SIM_DLR_RETRY_BACKOFF_MS: '100',
    ...options.simEnv,
  });
  const db = createDb({ url: environment.databaseUrl, max: 4 });
  onFileFinished(() => db.close());
  const token = await getClientCredentialsToken({ issuer: idp.issuer, scope: API_SCOPES.join(' ') });

  const base = {
    databaseUrl: environment.databaseUrl,
    redisUrl,
    queuePrefix: environment.queuePrefix,
    simUrl: sim.url,
  };
  const workerEnv = (overrides: Record<string, string> = {}) => ({ ...workerEnvOf(base), ...overrides });
  return {
    ...base,
    webhookSecret,
    authorization: `Bearer ${token.accessToken}`,
    api,
    apiUrl: api.url,
    sim,
    db,
    workerEnv,
    startWorker: (overrides) => startApp('worker', workerEnv(overrides)),
  };
}
