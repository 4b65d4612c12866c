import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { notifications } from '@sokoni/db';
import { inArray } from 'drizzle-orm';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder, eventually, simMessages, startStack } from './support/stack.ts';
import { spawnWorker } from './support/worker-process.ts';

// A Redis server of this file's own, so it can be stopped without disturbing other tests.
let redis: ChildProcess | undefined;
let port = 0;

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  return typeof address === 'object' && address ? address.port : 0;
}

async function startRedis(): Promise<void> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  child.stdout?.resume();
  redis = child;
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

port = await freePort();
await startRedis();
afterAll(stopRedis);
const stack = await startStack({ redisUrl: `redis://127.0.0.1:${port}` });
const worker = await stack.startWorker({ REDIS_READY_TIMEOUT_S: '1' });

it('takes every order while Redis is down, then sends each SMS exactly once when it is back', async () => {
  await stopRedis();
  const placed = [];
  for (let i = 0; i < 5; i += 1) {
    const customer = await createCustomer(stack);
    const order = await createOrder(stack, customer.id);
    expect(order.status).toBe(201);
    placed.push({ phone: customer.e164, orderId: order.body.id });
  }
  const orderIds = placed.map((p) => p.orderId);
  const rows = await stack.db.db.select().from(notifications).where(inArray(notifications.orderId, orderIds));
  expect(rows.map((row) => row.status)).toEqual(Array(5).fill('pending'));

  // The worker says it is unhealthy once Redis has been gone for longer than allowed.
  await eventually('/healthz to fail', async () =>
    (await fetch(`${worker.url}/healthz`)).status === 503 ? true : undefined,
  );
  expect((await fetch(`${worker.url}/readyz`)).status).toBe(503);

  await startRedis();
  await eventually(
    'every SMS to be sent',
    async () => {
      const now = await stack.db.db
        .select()
        .from(notifications)
        .where(inArray(notifications.orderId, orderIds));
      return now.every((row) => row.status === 'sent' || row.status === 'delivered') ? now : undefined;
    },
    20_000,
  );
  const all = await simMessages(stack);
  expect(placed.map((p) => all.filter((m) => m.to === p.phone).length)).toEqual([1, 1, 1, 1, 1]);
  await eventually('/healthz to pass again', async () =>
    (await fetch(`${worker.url}/healthz`)).status === 200 ? true : undefined,
  );
});

it('stops and exits 0 on SIGTERM while Redis is down, within its grace', async () => {
  if (!redis) {
    await startRedis();
  }
  const child = await spawnWorker(stack.workerEnv({ SHUTDOWN_GRACE_MS: '500' }));
  onTestFinished(async () => {
    if (child.child.exitCode === null && child.child.signalCode === null) {
      child.child.kill('SIGKILL');
      await child.exited;
    }
  });
  await stopRedis();
  // Let the worker notice: its consumer now retries Redis forever.
  await eventually('the worker to see Redis gone', async () =>
    child.logs.some((entry) => entry.msg === 'redis unavailable; SMS sending waits for it')
      ? true
      : undefined,
  );

  child.child.kill('SIGTERM');
  expect(await child.exited).toEqual({ code: 0, signal: null });
});

it('closes in-process within its grace while Redis is down', async () => {
  await startRedis();
  const inProcess = await stack.startWorker();
  await stopRedis();
  expect(await inProcess.close(300)).toEqual({ drained: false });
});
