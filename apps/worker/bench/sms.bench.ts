// pnpm bench:sms — how fast the SMS path is on this machine, in one run:
//   1. sends per second of the worker against the simulator at zero latency, against a no-op
//      BullMQ consumer of the same queue with the same options (the ceiling BullMQ allows);
//   2. order-commit-to-simulator-receipt latency (p50/p99) at a steady 200 orders/s placed
//      through the API.
// It needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL; bin/lib/test-services up starts them),
// creates a migrated database of its own and a fresh queue prefix, and removes them afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@sokoni/api/src/app.ts';
import { loadApiConfig } from '@sokoni/api/src/config.ts';
import { createSmsProducer } from '@sokoni/contracts';
import { createDb, customers, notifications } from '@sokoni/db';
import { createAfricasTalkingGateway } from '@sokoni/sms-gateway';
import { createTemplateDatabase, getClientCredentialsToken, startIdp } from '@sokoni/testing';
import type { Job } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { request } from 'undici';
import { loadWorkerConfig } from '../src/config.ts';
import { createWorkerMetrics } from '../src/metrics.ts';
import { startWorker } from '../src/start-worker.ts';
import { createSmsWorker } from '../src/workers/sms.worker.ts';

const SEND_COUNT = Number(process.env.BENCH_SENDS ?? 4000);
const ORDER_RATE = Number(process.env.BENCH_ORDER_RATE ?? 200);
const ORDER_SECONDS = Number(process.env.BENCH_ORDER_SECONDS ?? 10);
const SIM_API_KEY = 'at-sim-dev-key';

const databaseServer = requireEnv('DATABASE_URL');
const redisUrl = requireEnv('REDIS_URL');

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`bench:sms needs ${name}; run bin/lib/test-services up and export what it prints`);
    process.exit(1);
  }
  return value;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  return typeof address === 'object' && address ? address.port : 0;
}

/** The simulator in a process of its own, as in bin/dev: it must not share the worker's CPU time. */
async function startSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const script = fileURLToPath(new URL('../../at-sim/src/server.ts', import.meta.url));
  const child = spawn(process.execPath, [script], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      AT_SIM_MAX_MESSAGES: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries += 1) {
    try {
      const response = await request(`${url}/healthz`);
      await response.body.dump();
      return { url, child };
    } catch (error) {
      if (tries > 100) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface SimMessage {
  to: string;
  message: string;
  receivedAt: string;
}

/** Every SMS the simulator kept, page by page (it answers newest first, 1000 at most per page). */
async function simMessages(url: string): Promise<SimMessage[]> {
  const all: SimMessage[] = [];
  let cursor: string | null = null;
  do {
    const query = cursor === null ? 'limit=1000' : `limit=1000&cursor=${cursor}`;
    const response = await request(`${url}/messages?${query}`);
    const page = (await response.body.json()) as { items: SimMessage[]; nextCursor: string | null };
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

async function clearSimulator(url: string): Promise<void> {
  const response = await request(`${url}/messages`, { method: 'DELETE' });
  await response.body.dump();
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

async function main() {
  const database = await createTemplateDatabase(databaseServer);
  const sim = await startSimulator();
  const db = createDb({ url: database.url, max: 4 });
  const log = pino({ level: 'warn' });
  const cleanups: (() => Promise<unknown>)[] = [
    async () => {
      sim.child.kill('SIGTERM');
      await once(sim.child, 'exit');
    },
    () => db.close(),
    () => database.drop(),
  ];

  try {
    const env = {
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      AT_BASE_URL: sim.url,
      AT_API_KEY: SIM_API_KEY,
      // The bench measures our code, not Africa's Talking's account limit.
      SMS_RATE_LIMIT_MAX: '1000000',
      ...(process.env.SMS_CONCURRENCY ? { SMS_CONCURRENCY: process.env.SMS_CONCURRENCY } : {}),
      RELAY_INTERVAL_MS: '500',
      RELAY_GRACE_MS: '60000',
    };

    // ── 1. Throughput: the worker against a no-op consumer of the same queue ──────────────────
    const [customer] = await db.db
      .insert(customers)
      .values({ code: 'BENCH-1', name: 'Bench Customer', phone: '+254700000001' })
      .returning();
    const ids: string[] = [];
    for (let start = 0; start < SEND_COUNT; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, SEND_COUNT - start) }, (_, i) => {
        const n = start + i;
        return {
          customerId: customer?.id ?? '',
          trigger: 'order.created',
          recipient: `+2547${String(10_000_000 + n).slice(-8)}`,
          body: `Sokoni: Hi Bench, we received order ORD-${n}: Sukari 1kg, KES 180.00.`,
          status: 'queued' as const,
          idempotencyKey: `bench:${n}`,
          enqueuedAt: new Date(),
        };
      });
      const rows = await db.db.insert(notifications).values(batch).returning({ id: notifications.id });
      ids.push(...rows.map((row) => row.id));
    }

    const baselinePrefix = `bench-noop-${randomBytes(4).toString('hex')}`;
    const baselineConfig = loadWorkerConfig({ ...env, QUEUE_PREFIX: baselinePrefix });
    const baselineRate = await measureConsumer(
      baselineConfig,
      Array.from({ length: SEND_COUNT }, () => randomUUID()),
      async (config, done) => {
        const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
        const worker = createSmsWorker({
          config,
          connection,
          processor: async (_job: Job) => undefined,
          metrics: createWorkerMetrics(),
          log,
        });
        worker.on('completed', done);
        void worker.run();
        return async () => {
          await worker.close();
          connection.disconnect();
        };
      },
    );

    const workerPrefix = `bench-sms-${randomBytes(4).toString('hex')}`;
    const workerConfig = loadWorkerConfig({ ...env, QUEUE_PREFIX: workerPrefix });
    const workerRate = await measureConsumer(workerConfig, ids, async (config, done) => {
      const running = await startWorker(config, { logger: log });
      running.worker.on('completed', done);
      return async () => {
        await running.close();
      };
    });
    const received = (await simMessages(sim.url)).length;
    if (received !== SEND_COUNT) {
      throw new Error(`the simulator received ${received} SMS, expected ${SEND_COUNT}`);
    }
    await clearSimulator(sim.url);
    // The HTTP round trip to the simulator alone, with the same concurrency: the bound for any worker.
    const gatewayRate = await measureGateway(sim.url, workerConfig.SMS_CONCURRENCY);
    await clearSimulator(sim.url);

    // ── 2. Latency: order commit to simulator receipt at a steady rate ─────────────────────────
    const latency = await measureLatency({ databaseUrl: database.url, simUrl: sim.url, env, db });

    const ratio = workerRate / baselineRate;
    console.log('');
    console.log(`SMS benchmark (${new Date().toISOString()}, node ${process.version})`);
    console.log(
      `  machine        ${availableParallelism()} CPUs, load average ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')} at the end (PostgreSQL, Redis, simulator, worker and API share them)`,
    );
    console.log(`  sends          ${SEND_COUNT} jobs, concurrency ${workerConfig.SMS_CONCURRENCY}`);
    console.log(`  no-op consumer ${round(baselineRate)} jobs/s (baseline)`);
    console.log(
      `  SMS worker     ${round(workerRate)} sends/s = ${round(ratio, 2)} × baseline (target ≥ 0.5)`,
    );
    console.log(
      `  gateway only   ${round(gatewayRate)} sends/s = ${round(gatewayRate / baselineRate, 2)} × baseline (HTTP to the simulator, no queue, no database)`,
    );
    console.log(
      `  latency        ${latency.count} orders at ${ORDER_RATE}/s for ${ORDER_SECONDS} s (achieved ${round(latency.achievedRate)}/s)`,
    );
    console.log(
      `                 commit → simulator p50 ${round(latency.p50)} ms, p99 ${round(latency.p99)} ms, max ${round(latency.max)} ms (target p99 ≤ 250 ms)`,
    );
  } finally {
    for (const cleanup of cleanups) {
      await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  }
}

/**
 * Adds one job per id, then starts a consumer and times it until every job completed.
 * Jobs are added first so the consumer, not the producer, is what is measured.
 */
async function measureConsumer(
  config: ReturnType<typeof loadWorkerConfig>,
  ids: string[],
  start: (config: ReturnType<typeof loadWorkerConfig>, done: () => void) => Promise<() => Promise<void>>,
): Promise<number> {
  const producer = createSmsProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    settings: config,
    timeoutMs: 30_000,
    onError: () => {},
  });
  await producer.queue.waitUntilReady();
  for (let i = 0; i < ids.length; i += 1000) {
    await producer.addSmsJobs(ids.slice(i, i + 1000));
  }
  let completed = 0;
  let finish: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const startedAt = performance.now();
  const stop = await start(config, () => {
    completed += 1;
    if (completed === ids.length) {
      finish();
    }
  });
  await finished;
  const seconds = (performance.now() - startedAt) / 1000;
  await stop();
  await producer.queue.obliterate({ force: true });
  await producer.close();
  return ids.length / seconds;
}

async function measureGateway(simUrl: string, concurrency: number): Promise<number> {
  const gateway = createAfricasTalkingGateway({
    baseUrl: simUrl,
    username: 'sandbox',
    apiKey: SIM_API_KEY,
    enqueue: false,
    timeoutMs: 10_000,
    maxConnections: concurrency,
  });
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < SEND_COUNT) {
        next += 1;
        const result = await gateway.send({ to: '+254712345678', message: 'Sokoni: gateway benchmark' });
        if (result.outcome !== 'accepted') {
          throw new Error(result.detail);
        }
      }
    }),
  );
  const rate = SEND_COUNT / ((performance.now() - startedAt) / 1000);
  await gateway.close();
  return rate;
}

async function measureLatency(options: {
  databaseUrl: string;
  simUrl: string;
  env: Record<string, string>;
  db: ReturnType<typeof createDb>;
}) {
  const prefix = `bench-latency-${randomBytes(4).toString('hex')}`;
  const idp = await startIdp();
  const token = await getClientCredentialsToken({
    issuer: idp.issuer,
    scope: 'customers:write orders:write',
  });
  const api = await buildApp(
    loadApiConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      OIDC_ISSUER: idp.issuer,
      AT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
    }),
  );
  const apiUrl = await api.listen({ host: '127.0.0.1', port: 0 });
  const worker = await startWorker(loadWorkerConfig({ ...options.env, QUEUE_PREFIX: prefix }), {
    logger: pino({ level: 'warn' }),
  });
  const headers = { authorization: `Bearer ${token.accessToken}`, 'content-type': 'application/json' };
  try {
    const customerResponse = await request(`${apiUrl}/v1/customers`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Latency Bench', phone: '0799 000 001' }),
    });
    const customer = (await customerResponse.body.json()) as { id: string };

    const total = ORDER_RATE * ORDER_SECONDS;
    const interval = 1000 / ORDER_RATE;
    const startedAt = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i += 1) {
      // Open loop: each order leaves on its own schedule, whether or not earlier ones returned.
      const due = startedAt + i * interval;
      const wait = due - performance.now();
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      inFlight.push(
        request(`${apiUrl}/v1/orders`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ customerId: customer.id, item: `Item ${i}`, amount: '100.00' }),
        }).then(async (response) => {
          await response.body.dump();
          if (response.statusCode !== 201) {
            throw new Error(`placing an order answered ${response.statusCode}`);
          }
        }),
      );
    }
    await Promise.all(inFlight);
    const achievedRate = total / ((performance.now() - startedAt) / 1000);

    // Match each notification (created_at = its transaction's time) to the simulator's receipt.
    const deadline = Date.now() + 30_000;
    let received: SimMessage[] = [];
    while (Date.now() < deadline) {
      received = await simMessages(options.simUrl);
      if (received.length >= total) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const rows = await options.db.db
      .select({ body: notifications.body, createdAt: notifications.createdAt })
      .from(notifications);
    const createdByItem = new Map(rows.map((row) => [itemOf(row.body), row.createdAt.getTime()]));
    const latencies: number[] = [];
    for (const message of received.filter((m) => m.message.includes('Item '))) {
      const created = createdByItem.get(itemOf(message.message));
      if (created !== undefined) {
        latencies.push(Date.parse(message.receivedAt) - created);
      }
    }
    latencies.sort((a, b) => a - b);
    if (latencies.length !== total) {
      throw new Error(`matched ${latencies.length} of ${total} orders to a received SMS`);
    }
    return {
      count: total,
      achievedRate,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? Number.NaN,
    };
  } finally {
    await worker.close();
    await api.close();
    await idp.close();
  }
}

/** "Item 42" from a body such as "…order ORD-000042: Item 42, KES 100.00." */
function itemOf(body: string): string {
  return /Item \d+/.exec(body)?.[0] ?? body;
}

await main();
