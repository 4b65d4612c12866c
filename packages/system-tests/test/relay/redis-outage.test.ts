import { notifications } from '@sokoni/db';
import { startRedisServer } from '@sokoni/testing';
import { inArray } from 'drizzle-orm';
import { expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { simMessages } from '../support/simulator.ts';
import { startStack } from '../support/stack.ts';

// A Redis server of this file's own, so it can be stopped without disturbing other tests.
const redis = await startRedisServer();
const stack = await startStack({ redisUrl: redis.url });
const worker = await stack.startWorker({ REDIS_READY_TIMEOUT_S: '1' });

it('takes every order while Redis is down, then sends each SMS exactly once when it is back', async () => {
  await redis.stop();
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

  await redis.start();
  await eventually(
    'every SMS to be sent',
    async () => {
      const now = await stack.db.db
        .select()
        .from(notifications)
        .where(inArray(notifications.orderId, orderIds));
      return now.length === orderIds.length &&
        now.every((row) => row.status === 'sent' || row.status === 'delivered')
        ? now
        : undefined;
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
  await redis.start();
  const child = await stack.startWorker({ SHUTDOWN_GRACE_MS: '500' });
  onTestFinished(async () => {
    await child.stop(0);
  });
  await redis.stop();
  // Let the worker notice: its consumer now retries Redis forever.
  await eventually('the worker to see Redis gone', async () =>
    child.logs.some((entry) => entry.msg === 'redis unavailable; SMS sending waits for it')
      ? true
      : undefined,
  );

  child.child.kill('SIGTERM');
  expect(await child.exited).toEqual({ code: 0, signal: null });
});
