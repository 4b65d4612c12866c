import { randomUUID } from 'node:crypto';
import { SEND_SMS_JOB, smsJobId } from '@sokoni/contracts';
import { notificationAttempts, notifications } from '@sokoni/db';
import type { ServiceProcess } from '@sokoni/testing';
import type { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { callApi, createCustomer, createOrder, notificationsOf } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { addFaults, simMessages } from '../support/simulator.ts';
import { openSmsQueue } from '../support/sms-queue.ts';
import { type Stack, startStack } from '../support/stack.ts';

let stack: Stack;
let worker: ServiceProcess;

beforeAll(async () => {
  stack = await startStack();
  worker = await stack.startWorker();
});

/** A queue handle on the stack's SMS queue, closed when the test ends. */
function smsQueue(): Queue {
  return openSmsQueue(stack, onTestFinished);
}

async function placeOrder() {
  const customer = await createCustomer(stack);
  const order = await createOrder(stack, customer.id);
  expect(order.status).toBe(201);
  const [notification] = await notificationsOf(stack, order.body.id);
  if (!notification) {
    throw new Error('the order owes no notification');
  }
  return { customer, order: order.body, notification };
}

async function statusOf(id: string) {
  const response = await callApi<{ status: string; attempts: number; lastError: string | null }>(
    stack,
    'GET',
    `/v1/notifications/${id}`,
  );
  return response.body;
}

function waitForStatus(id: string, status: string, timeoutMs?: number) {
  return eventually(
    `notification ${id} to be ${status}`,
    async () => {
      const current = await statusOf(id);
      return current.status === status ? current : undefined;
    },
    timeoutMs,
  );
}

describe('an order placed through the API', () => {
  it('sends exactly one SMS with its text to the E.164 number, then goes sent and delivered', async () => {
    const { customer, order, notification } = await placeOrder();
    const seen: string[] = [];
    await eventually('the delivery report', async () => {
      const current = await statusOf(notification.id);
      if (seen.at(-1) !== current.status) {
        seen.push(current.status);
      }
      return current.status === 'delivered' ? current : undefined;
    });

    const received = await simMessages(stack, customer.e164);
    expect(received).toHaveLength(1);
    expect(received[0]?.to).toBe(customer.e164);
    expect(received[0]?.message).toBe(
      `Sokoni: Hi Wanjiku, we received order ${order.number}: Sukari 1kg, KES 180.00.`,
    );
    expect(received[0]?.message).toBe(notification.body);

    const detail = await callApi<{
      status: string;
      providerMessageId: string;
      cost: string;
      attempts: number;
      sendAttempts: { outcome: string; providerMessageId: string }[];
      deliveryReports: { status: string }[];
    }>(stack, 'GET', `/v1/notifications/${notification.id}`);
    expect(detail.body.providerMessageId).toBe(received[0]?.id);
    expect(detail.body.cost).toMatch(/^KES /);
    expect(detail.body.attempts).toBe(1);
    expect(detail.body.sendAttempts).toMatchObject([
      { outcome: 'accepted', providerMessageId: received[0]?.id },
    ]);
    const reports = detail.body.deliveryReports.map((r) => r.status);
    expect(reports).toHaveLength(2);
    expect(['Sent', 'Submitted', 'Buffered']).toContain(reports[0]);
    expect(reports[1]).toBe('Success');
    // It passed through sent on its way (unless both happened between two looks).
    expect(seen.at(-1)).toBe('delivered');
    expect(seen.filter((s) => !['pending', 'queued', 'sending', 'sent', 'delivered'].includes(s))).toEqual(
      [],
    );
  });

  it('lists the notifications of an order', async () => {
    const { order, notification } = await placeOrder();
    const list = await callApi<{ items: { id: string }[]; nextCursor: string | null }>(
      stack,
      'GET',
      `/v1/orders/${order.id}/notifications`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toEqual([notification.id]);
  });
});

describe("Africa's Talking's answers", () => {
  it('fails a notification at once on a permanent refusal (403 InvalidPhoneNumber)', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 403, times: 1 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const failed = await waitForStatus(notification?.id ?? '', 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toContain('403');
    expect(await simMessages(stack, customer.e164)).toHaveLength(1);
  });

  it('fails a blacklisted recipient (406) without retrying', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 406 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const failed = await waitForStatus(notification?.id ?? '', 'failed');
    expect(failed.lastError).toContain('406');
    // Give a wrongly scheduled retry the time to happen: none may.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await simMessages(stack, customer.e164)).toHaveLength(1);
  });

  it('retries a transient failure (500) with backoff, then sends', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 500, times: 2 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const delivered = await waitForStatus(notification?.id ?? '', 'delivered');
    expect(delivered.attempts).toBe(3);
    const attempts = await stack.db.db
      .select()
      .from(notificationAttempts)
      .where(eq(notificationAttempts.notificationId, notification?.id ?? ''));
    expect(attempts.map((a) => a.outcome).sort()).toEqual(['accepted', 'transient', 'transient']);
    const received = await simMessages(stack, customer.e164);
    expect(received.map((m) => m.statusCode)).toEqual([500, 500, 101]);
  });

  it('retries an HTTP 503 from the gateway and then sends', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'httpError', to: customer.e164, status: 503, times: 1 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const delivered = await waitForStatus(notification?.id ?? '', 'delivered');
    expect(delivered.attempts).toBe(2);
  });

  it('fails after the last attempt when the failure never clears', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 501 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const failed = await waitForStatus(notification?.id ?? '', 'failed');
    expect(failed.attempts).toBe(4);
    expect(failed.lastError).toMatch(/^gave up after 4 attempts/);
    expect(await simMessages(stack, customer.e164)).toHaveLength(4);
  });

  it('rate-limits the whole queue on an account-wide refusal (405) and keeps the job', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 405, times: 1 }]);
    const queue = smsQueue();

    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const id = notification?.id ?? '';
    // Refused once: the row is back to queued and the queue is rate-limited.
    const ttl = await eventually('the queue to be rate-limited', async () => {
      const value = await queue.getRateLimitTtl(1000);
      return value > 0 ? value : undefined;
    });
    expect(ttl).toBeLessThanOrEqual(1500);
    const held = await statusOf(id);
    expect(held.status).toBe('queued');
    expect(held.lastError).toContain('405');
    const job = await queue.getJob(`sms-${id}`);
    expect(job?.attemptsMade).toBe(0);
    expect(await job?.getState()).toMatch(/wait|active|prioritized|delayed/);

    // Another customer's SMS waits for the pause too; then both go out.
    const other = await placeOrder();
    const delivered = await waitForStatus(id, 'delivered');
    await waitForStatus(other.notification.id, 'delivered');
    expect(delivered.attempts).toBe(2);
    expect(await simMessages(stack, customer.e164)).toHaveLength(2);
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/sokoni_sms_account_alerts_total\{status="InsufficientBalance"\} 1/);
  });

  it("holds sending when Africa's Talking limits the request rate (HTTP 429), without spending an attempt", async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [
      { kind: 'httpError', to: customer.e164, status: 429, body: 'Too Many Requests', times: 1 },
    ]);
    const queue = smsQueue();

    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const id = notification?.id ?? '';
    const delivered = await waitForStatus(id, 'delivered');
    expect(delivered.attempts).toBe(2);
    const detail = await callApi<{ sendAttempts: { outcome: string; httpStatus: number | null }[] }>(
      stack,
      'GET',
      `/v1/notifications/${id}`,
    );
    expect(detail.body.sendAttempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['throttled', 429],
      ['accepted', 201],
    ]);
    const job = await queue.getJob(`sms-${id}`);
    // The throttled try did not count: the job succeeded on its first counted attempt.
    expect(job === undefined || job.attemptsMade <= 1).toBe(true);
    // The simulator lists the refused request too, but only one SMS was taken (has an id).
    const received = await simMessages(stack, customer.e164);
    expect(received.filter((message) => message.id !== null)).toHaveLength(1);
    expect(received.filter((message) => message.id === null)).toHaveLength(1);
  });
});

describe('delivery reports', () => {
  async function reportsOf(id: string, count: number) {
    return eventually(`${count} delivery reports`, async () => {
      const response = await callApi<{
        status: string;
        deliveredAt: string;
        deliveryReports: { status: string }[];
      }>(stack, 'GET', `/v1/notifications/${id}`);
      return response.body.deliveryReports.length >= count ? response.body : undefined;
    });
  }

  it('applies a final report once however many copies arrive', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'dlrDuplicate', to: customer.e164, copies: 3 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const id = notification?.id ?? '';
    const first = await waitForStatus(id, 'delivered');
    const detail = await reportsOf(id, 4);
    expect(detail.deliveryReports.map((r) => r.status).slice(1)).toEqual(['Success', 'Success', 'Success']);
    expect(detail.status).toBe('delivered');
    expect(detail.deliveredAt).toBe((first as unknown as { deliveredAt: string }).deliveredAt);
  });

  it('never lets a late interim report overwrite a final one', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [
      { kind: 'dlrReorder', to: customer.e164 },
      { kind: 'dlrFinal', to: customer.e164, status: 'Rejected', failureReason: 'UserInBlackList' },
    ]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const detail = await reportsOf(notification?.id ?? '', 2);
    expect(detail.deliveryReports.map((r) => r.status)).toEqual(['Rejected', 'Submitted']);
    expect(detail.status).toBe('rejected');
  });

  it('marks a notification failed from a Failed report, with the reason', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [
      { kind: 'dlrFinal', to: customer.e164, status: 'Failed', failureReason: 'UserIsInactive' },
    ]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const failed = await waitForStatus(notification?.id ?? '', 'failed');
    expect(failed.lastError).toBe('delivery failed: UserIsInactive');
  });
});

describe('resending', () => {
  it('resends a failed notification once, and refuses a second resend while it is in flight', async () => {
    const customer = await createCustomer(stack);
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.e164, statusCode: 403, times: 1 }]);
    const order = await createOrder(stack, customer.id);
    const [notification] = await notificationsOf(stack, order.body.id);
    const id = notification?.id ?? '';
    await waitForStatus(id, 'failed');

    // Slow the gateway so the resend is surely still in flight when the second request comes.
    await addFaults(stack, [{ kind: 'latency', to: customer.e164, delayMs: 600, times: 1 }]);
    const resent = await callApi<{ id: string; trigger: string; resendOf: string; body: string }>(
      stack,
      'POST',
      `/v1/notifications/${id}/resend`,
    );
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ trigger: 'resend', resendOf: id, body: notification?.body });
    const again = await callApi<{ status: number }>(stack, 'POST', `/v1/notifications/${id}/resend`);
    expect(again.status).toBe(409);

    await waitForStatus(resent.body.id, 'delivered');
    const received = await simMessages(stack, customer.e164);
    expect(received.map((m) => m.statusCode)).toEqual([403, 101]);
  });
});

describe('jobs the row does not call for', () => {
  let queue: Queue;

  beforeAll(() => {
    queue = openSmsQueue(stack);
  });

  it('sends nothing for a late duplicate job of a notification already sent', async () => {
    const { customer, notification } = await placeOrder();
    await waitForStatus(notification.id, 'delivered');
    const duplicate = await queue.add(SEND_SMS_JOB, { version: 1, notificationId: notification.id });
    await eventually('the duplicate job to finish', async () =>
      (await duplicate.getState()) === 'completed' ? true : undefined,
    );
    expect((await queue.getJob(duplicate.id ?? ''))?.returnvalue).toEqual({
      outcome: 'skipped',
      status: 'delivered',
    });
    expect(await simMessages(stack, customer.e164)).toHaveLength(1);
  });

  it('fails a job whose payload it does not know, without retrying', async () => {
    const job = await queue.add(SEND_SMS_JOB, { version: 2, notificationId: 'not-a-uuid' });
    await eventually('the job to fail', async () => ((await job.getState()) === 'failed' ? true : undefined));
    const failed = await queue.getJob(job.id ?? '');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/payload this worker does not know/);
  });

  it('takes over a row a dead worker left sending, once it has been sending longer than a live worker may hold it', async () => {
    const { customer, notification } = await placeOrder();
    await waitForStatus(notification.id, 'delivered');
    // As if a worker had claimed it and died before recording the outcome.
    await stack.db.db
      .update(notifications)
      .set({ status: 'sending', updatedAt: new Date() })
      .where(eq(notifications.id, notification.id));
    const job = await queue.add(
      SEND_SMS_JOB,
      { version: 1, notificationId: notification.id },
      { jobId: `again-${notification.id}` },
    );
    // First it waits (delayed, no attempt burnt) in case the send is still live elsewhere…
    await eventually('the job to wait for the live-send window', async () =>
      (await job.getState()) === 'delayed' ? true : undefined,
    );
    expect(await simMessages(stack, customer.e164)).toHaveLength(1);
    // …then takes the row over and sends again.
    const sent = await waitForStatus(notification.id, 'delivered');
    expect(sent.attempts).toBe(2);
    expect(await simMessages(stack, customer.e164)).toHaveLength(2);
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/sokoni_sms_reclaimed_total 1/);
  });
});

describe('the outbox relay', () => {
  it('retries a job BullMQ failed for good while its row still owes the send', async () => {
    const queue = smsQueue();
    const customer = await createCustomer(stack);
    const id = randomUUID();
    // The job ran out of attempts before its row could be written (here: before it existed).
    const job = await queue.add(SEND_SMS_JOB, { version: 1, notificationId: id }, { jobId: smsJobId(id) });
    await eventually('the job to fail', async () => ((await job.getState()) === 'failed' ? true : undefined));
    await stack.db.db.insert(notifications).values({
      id,
      customerId: customer.id,
      trigger: 'resend',
      recipient: customer.e164,
      body: 'Sokoni: still owed',
      status: 'queued',
      idempotencyKey: `test:${id}`,
      enqueuedAt: new Date(Date.now() - 3_600_000),
    });
    await waitForStatus(id, 'delivered');
    expect((await simMessages(stack, customer.e164)).map((m) => m.message)).toEqual(['Sokoni: still owed']);
  });

  it('runs again a job that completed with nothing to do while its row went back to owing the send', async () => {
    const queue = smsQueue();
    const customer = await createCustomer(stack);
    const id = randomUUID();
    // The row is not sendable when its job runs, so the job completes as "skipped"...
    await stack.db.db.insert(notifications).values({
      id,
      customerId: customer.id,
      trigger: 'resend',
      recipient: customer.e164,
      body: 'Sokoni: owed again',
      status: 'sending',
      idempotencyKey: `test:${id}`,
      enqueuedAt: new Date(),
    });
    await stack.db.db.update(notifications).set({ status: 'sent' }).where(eq(notifications.id, id));
    const job = await queue.add(SEND_SMS_JOB, { version: 1, notificationId: id }, { jobId: smsJobId(id) });
    await eventually('the job to complete', async () =>
      (await job.getState()) === 'completed' ? true : undefined,
    );
    // ...then the row owes the send again (the worker that held it put it back), long ago.
    await stack.db.db
      .update(notifications)
      .set({ status: 'queued', enqueuedAt: new Date(Date.now() - 3_600_000) })
      .where(eq(notifications.id, id));
    await waitForStatus(id, 'delivered');
    expect((await simMessages(stack, customer.e164)).map((m) => m.message)).toEqual(['Sokoni: owed again']);
  });
});

describe('the health port', () => {
  it('is live and ready, and exports queue counts', async () => {
    expect((await fetch(`${worker.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${worker.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    const metrics = await (await fetch(`${worker.url}/metrics`)).text();
    expect(metrics).toMatch(/sokoni_sms_sends_total\{outcome="accepted"\} \d+/);
    expect(metrics).toContain('sokoni_queue_jobs{queue="sms",state="waiting"}');
  });
});
