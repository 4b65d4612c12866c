import { notifications } from '@sokoni/db';
import { inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder } from './support/api-requests.ts';
import { eventually } from './support/eventually.ts';
import { addFaults, clearFaults, simMessages } from './support/simulator.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

/** Places one order per new customer; returns the customers' numbers and the notification ids. */
async function placeOrders(count: number) {
  const placed = await Promise.all(
    Array.from({ length: count }, async () => {
      const customer = await createCustomer(stack);
      const order = await createOrder(stack, customer.id);
      expect(order.status).toBe(201);
      return { phone: customer.e164, orderId: order.body.id };
    }),
  );
  const rows = await stack.db.db
    .select()
    .from(notifications)
    .where(
      inArray(
        notifications.orderId,
        placed.map((p) => p.orderId),
      ),
    );
  return { phones: placed.map((p) => p.phone), ids: rows.map((r) => r.id) };
}

async function statuses(ids: string[]) {
  const rows = await stack.db.db.select().from(notifications).where(inArray(notifications.id, ids));
  return rows.map((row) => row.status);
}

async function messagesPerPhone(phones: string[]) {
  const all = await simMessages(stack);
  return phones.map((phone) => all.filter((m) => m.to === phone).length);
}

describe('a worker process', () => {
  it('killed with SIGKILL mid-send: every SMS goes out after a restart, duplicates only for those mid-send', async () => {
    const first = await stack.startWorker();
    // Every send hangs in the gateway for a while, so the kill finds them active.
    await addFaults(stack, [{ kind: 'latency', delayMs: 1500 }]);
    const { phones, ids } = await placeOrders(6);
    await eventually('every SMS to be mid-send', async () =>
      (await simMessages(stack)).filter((m) => phones.includes(m.to)).length === 6 ? true : undefined,
    );
    const midSend = (await statuses(ids)).filter((s) => s === 'sending').length;
    expect(midSend).toBe(6);

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await clearFaults(stack);

    const second = await stack.startWorker();
    await eventually(
      'every SMS to be sent after the restart',
      async () => ((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered') ? true : undefined),
      20_000,
    );
    const perPhone = await messagesPerPhone(phones);
    const duplicates = perPhone.reduce((sum, n) => sum + n - 1, 0);
    // Each SMS reached the gateway at least once; the only extra ones are those that were mid-send.
    expect(perPhone.every((n) => n >= 1)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(midSend);
    const metrics = await (await fetch(`${second.url}/metrics`)).text();
    // The worker counted every possible duplicate it caused: one per row it took over mid-send.
    expect(Number(/sokoni_sms_reclaimed_total (\d+)/.exec(metrics)?.[1])).toBe(duplicates);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });

  it('stopped with SIGTERM mid-send: finishes what it started, exits 0, loses and repeats nothing', async () => {
    const worker = await stack.startWorker();
    await addFaults(stack, [{ kind: 'latency', delayMs: 800, times: 5 }]);
    const { phones, ids } = await placeOrders(5);
    await eventually('every SMS to be mid-send', async () =>
      (await simMessages(stack)).filter((m) => phones.includes(m.to)).length === 5 ? true : undefined,
    );
    expect((await statuses(ids)).every((s) => s === 'sending')).toBe(true);

    worker.child.kill('SIGTERM');
    const exit = await worker.exited;
    expect(exit.code).toBe(0);
    expect(worker.logs.some((entry) => entry.msg === 'worker stopped' && entry.drained === true)).toBe(true);
    expect((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered')).toBe(true);

    // A new worker finds nothing left to send for these.
    const next = await stack.startWorker();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await messagesPerPhone(phones)).toEqual([1, 1, 1, 1, 1]);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });

  it('a second SIGTERM during the grace does not cut it short: it still drains and exits 0', async () => {
    const worker = await stack.startWorker();
    await addFaults(stack, [{ kind: 'latency', delayMs: 800, times: 3 }]);
    const { phones, ids } = await placeOrders(3);
    await eventually('every SMS to be mid-send', async () =>
      (await simMessages(stack)).filter((m) => phones.includes(m.to)).length === 3 ? true : undefined,
    );

    worker.child.kill('SIGTERM');
    await eventually('the worker to start shutting down', async () =>
      worker.logs.some((entry) => entry.msg === 'shutting down') ? true : undefined,
    );
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.logs.some((entry) => entry.msg === 'worker stopped' && entry.drained === true)).toBe(true);
    expect((await statuses(ids)).every((s) => s === 'sent' || s === 'delivered')).toBe(true);
  });
});
