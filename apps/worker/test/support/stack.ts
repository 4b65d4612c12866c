import { createTestApi } from '@sokoni/api/test/helper.ts';
import { buildSimulator } from '@sokoni/at-sim';
import { createDb, type DbHandle, type NotificationRow, notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll } from 'vitest';
import { loadWorkerConfig, type WorkerConfig } from '../../src/config.ts';
import { type RunningWorker, startWorker } from '../../src/start-worker.ts';

export const SIM_API_KEY = 'at-sim-dev-key';

/** Retry settings of SMS jobs; the API and the relay both add jobs, so both get them. */
export const SMS_JOB_ENV = { SMS_ATTEMPTS: '4', SMS_BACKOFF_MS: '100' };

/** Short timings so retries, stalls and the relay happen within a test's patience. */
export function workerEnv(stack: {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  simUrl: string;
}) {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: stack.databaseUrl,
    REDIS_URL: stack.redisUrl,
    QUEUE_PREFIX: stack.queuePrefix,
    AT_BASE_URL: stack.simUrl,
    AT_API_KEY: SIM_API_KEY,
    AT_TIMEOUT_MS: '2000',
    JOB_TIMEOUT_MS: '3000',
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

export interface Stack {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  webhookSecret: string;
  /** Authorization header of a staff client holding every scope. */
  authorization: string;
  api: FastifyInstance;
  apiUrl: string;
  sim: FastifyInstance;
  simUrl: string;
  db: DbHandle;
  /** The environment of a worker process of this stack. */
  workerEnv: (overrides?: Record<string, string>) => Record<string, string>;
  workerConfig: (overrides?: Record<string, string>) => WorkerConfig;
  startWorker: (overrides?: Record<string, string>) => Promise<RunningWorker>;
}

/**
 * PostgreSQL (own clone), Redis (own prefix), the simulator and the API on real loopback
 * listeners, with the simulator's delivery reports pointed at the API's webhook. Workers are
 * started by each test (in-process or as child processes). Everything closes after the file.
 */
export async function startStack(
  options: { redisUrl?: string; apiEnv?: Record<string, string>; dlrDelayMs?: number } = {},
): Promise<Stack> {
  const sim = await buildSimulator({ dlrDelayMs: options.dlrDelayMs ?? 40, dlrRetryBackoffMs: 100 });
  const simUrl = await sim.listen({ host: '127.0.0.1', port: 0 });

  // The API as its own tests build it (database clone, queue prefix, a real apps/idp), listening.
  const testApi = await createTestApi({
    ...SMS_JOB_ENV,
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.apiEnv,
  });
  const api = testApi.app;
  const webhookSecret = testApi.config.AT_WEBHOOK_SECRET;
  const authorization = await testApi.staffAuthorization();
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  sim.simulator.deliverySettings.callbackUrl = `${apiUrl}/v1/webhooks/africastalking/delivery-reports/${webhookSecret}`;
  const env = testApi;
  const redisUrl = options.redisUrl ?? testApi.redisUrl;

  const db = createDb({ url: env.databaseUrl, max: 4 });
  const workers: RunningWorker[] = [];
  const base = { databaseUrl: env.databaseUrl, redisUrl, queuePrefix: env.queuePrefix, simUrl };
  const envOf = (overrides: Record<string, string> = {}) => ({ ...workerEnv(base), ...overrides });
  const workerConfig = (overrides: Record<string, string> = {}) => loadWorkerConfig(envOf(overrides));

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.close(1000)));
    await sim.close();
    await db.close();
  });

  return {
    ...base,
    webhookSecret,
    authorization,
    api,
    apiUrl,
    sim,
    db,
    workerEnv: envOf,
    workerConfig,
    async startWorker(overrides) {
      const worker = await startWorker(workerConfig(overrides));
      workers.push(worker);
      return worker;
    },
  };
}

/** A JSON request to the API over its real listener. */
export async function callApi<T = unknown>(
  stack: Pick<Stack, 'apiUrl' | 'authorization'>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await request(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: stack.authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: (text === '' ? null : JSON.parse(text)) as T };
}

let phoneCounter = 0;

/** A Kenyan mobile number unique within the run, in local form and in E.164. */
export function uniquePhone(): { local: string; e164: string } {
  phoneCounter += 1;
  const digits = `${(process.pid % 1000).toString().padStart(3, '0')}${(phoneCounter % 100_000).toString().padStart(5, '0')}`;
  return { local: `07${digits.slice(0, 8)}`, e164: `+2547${digits.slice(0, 8)}` };
}

export async function createCustomer(stack: Stack, phone = uniquePhone()) {
  const response = await callApi<{ id: string; phone: string }>(stack, 'POST', '/v1/customers', {
    name: 'Wanjiku Kamau',
    phone: phone.local,
  });
  if (response.status !== 201) {
    throw new Error(`creating a customer answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return { ...response.body, e164: phone.e164 };
}

export async function createOrder(stack: Stack, customerId: string, item = 'Sukari 1kg') {
  return callApi<{ id: string; number: string }>(stack, 'POST', '/v1/orders', {
    customerId,
    item,
    amount: '180.00',
  });
}

export async function notificationsOf(stack: Stack, orderId: string): Promise<NotificationRow[]> {
  return stack.db.db.select().from(notifications).where(eq(notifications.orderId, orderId));
}

export interface SimMessage {
  id: string | null;
  to: string;
  message: string;
  statusCode: number | null;
  status: string;
  deliveryStatus: string | null;
}

/** Every SMS the simulator kept (to one number, when given), oldest first. */
export async function simMessages(stack: Pick<Stack, 'simUrl'>, to?: string): Promise<SimMessage[]> {
  const newestFirst: SimMessage[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000' });
    if (to !== undefined) {
      query.set('to', to);
    }
    if (cursor !== null) {
      query.set('cursor', cursor);
    }
    const response = await request(`${stack.simUrl}/messages?${query}`);
    const page = (await response.body.json()) as { items: SimMessage[]; nextCursor: string | null };
    newestFirst.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return newestFirst.reverse();
}

export async function addFaults(
  stack: Pick<Stack, 'simUrl'>,
  rules: Record<string, unknown>[],
): Promise<void> {
  const response = await request(`${stack.simUrl}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (response.statusCode !== 201) {
    throw new Error(`adding faults answered ${response.statusCode}: ${await response.body.text()}`);
  }
  await response.body.dump();
}

/** Polls until `check` returns a value other than undefined, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
