import { notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createCustomer, createOrder, notificationsOf } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { addFaults, simMessages } from '../support/simulator.ts';
import { openSmsQueue } from '../support/sms-queue.ts';
import { startStack } from '../support/stack.ts';

const stack = await startStack();
// Two workers of the same queue: AT's limit is per account, so the hold must stop both.
await stack.startWorker();
await stack.startWorker();
const queue = openSmsQueue(stack);

/** How long the queue is held, in ms (0 once it is not): SMS_RATE_LIMIT_MAX of the stack's workers. */
const holdTtl = () => queue.getRateLimitTtl(1000);

async function orderFor(customer: { id: string }) {
  const order = await createOrder(stack, customer.id);
  expect(order.status).toBe(201);
  const [notification] = await notificationsOf(stack, order.body.id);
  return notification?.id ?? '';
}

async function statusOf(id: string) {
  const [row] = await stack.db.db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

it("holds every worker's sends for the Retry-After of an HTTP 429, then sends them all", async () => {
  const throttled = await createCustomer(stack);
  const others = [await createCustomer(stack), await createCustomer(stack)];
  await addFaults(stack, [
    {
      kind: 'httpError',
      to: throttled.e164,
      status: 429,
      body: 'Too Many Requests',
      retryAfter: '4',
      times: 1,
    },
  ]);

  const throttledId = await orderFor(throttled);
  const firstTtl = await eventually('the 429 to hold the queue', async () => {
    const ttl = await holdTtl();
    return ttl > 0 ? ttl : undefined;
  });
  // The hold is AT's Retry-After (4 s), not the 1 s used without one.
  expect(firstTtl).toBeGreaterThan(1000);

  // SMS owed during the hold wait for it, whichever worker would take them.
  const otherIds = await Promise.all(others.map(orderFor));
  let looks = 0;
  for (;;) {
    // The simulator first, then the hold: a hold still running afterwards covered that look.
    const sentMeanwhile = (await simMessages(stack)).filter((m) => others.some((o) => o.e164 === m.to));
    const held = (await holdTtl()) > 0;
    if (!held) {
      break;
    }
    looks += 1;
    expect(sentMeanwhile).toEqual([]);
    expect((await simMessages(stack, throttled.e164)).map((m) => m.status)).toEqual(['HTTP 429']);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(looks).toBeGreaterThan(0);

  for (const id of [throttledId, ...otherIds]) {
    await eventually(`notification ${id} to be delivered`, async () =>
      (await statusOf(id))?.status === 'delivered' ? true : undefined,
    );
  }
  // Claimed twice (the throttled try, then the send), and taken by AT once.
  expect((await statusOf(throttledId))?.attempts).toBe(2);
  const toThrottled = await simMessages(stack, throttled.e164);
  expect(toThrottled.filter((m) => m.id !== null)).toHaveLength(1);
  for (const other of others) {
    expect(await simMessages(stack, other.e164)).toHaveLength(1);
  }
});
