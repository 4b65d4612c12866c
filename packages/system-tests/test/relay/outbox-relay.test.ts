import { notifications } from '@sokoni/db';
import { inArray } from 'drizzle-orm';
import { expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { simMessages } from '../support/simulator.ts';
import { startStack } from '../support/stack.ts';

// The API cannot reach Redis at all: every SMS stays `pending` in the outbox for the relay.
const stack = await startStack({ apiEnv: { REDIS_URL: 'redis://127.0.0.1:1', ENQUEUE_TIMEOUT_MS: '50' } });

/** A worker process, killed when the test ends should the test not have stopped it. */
async function startWorkerProcess(overrides: Record<string, string>) {
  const worker = await stack.startWorker(overrides);
  onTestFinished(async () => {
    await worker.stop(0);
  });
  return worker;
}

function relayed(metrics: string): number {
  return Number(/sokoni_outbox_relay_enqueued_total (\d+)/.exec(metrics)?.[1] ?? 0);
}

it('two worker processes relay the outbox without enqueueing any SMS twice', async () => {
  const count = 40;
  const placed = await Promise.all(
    Array.from({ length: count }, async () => {
      const customer = await createCustomer(stack);
      const order = await createOrder(stack, customer.id);
      expect(order.status).toBe(201);
      return { phone: customer.e164, orderId: order.body.id };
    }),
  );
  const orderIds = placed.map((p) => p.orderId);
  const pending = await stack.db.db
    .select()
    .from(notifications)
    .where(inArray(notifications.orderId, orderIds));
  expect(pending.map((row) => row.status)).toEqual(Array(count).fill('pending'));

  // Small batches and a fast timer, so both relays sweep the same rows at the same time.
  const overrides = {
    RELAY_BATCH_SIZE: '5',
    RELAY_INTERVAL_MS: '20',
    RELAY_REQUEUE_AFTER_MS: '120000',
  };
  const workers = await Promise.all([startWorkerProcess(overrides), startWorkerProcess(overrides)]);

  await eventually('every SMS to be sent', async () => {
    const rows = await stack.db.db
      .select()
      .from(notifications)
      .where(inArray(notifications.orderId, orderIds));
    return rows.length === count && rows.every((row) => row.status === 'sent' || row.status === 'delivered')
      ? rows
      : undefined;
  });
  const all = await simMessages(stack);
  expect(placed.map((p) => all.filter((m) => m.to === p.phone).length)).toEqual(Array(count).fill(1));

  const enqueued = await Promise.all(
    workers.map(async (w) => relayed(await (await fetch(`${w.url}/metrics`)).text())),
  );
  expect(enqueued.reduce((sum, n) => sum + n, 0)).toBe(count);

  for (const worker of workers) {
    worker.child.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
  }
});
