import { SMS_QUEUE, smsCatchUpPriority, smsJobId } from '@sokoni/contracts';
import { createDb, type NotificationStatus, notifications } from '@sokoni/db';
import { Queue } from 'bullmq';
import { eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api);

interface Made {
  id: string;
  createdAt: Date;
}

// Each test works in a day of its own in 2020: its filter's created range finds only its rows.
let day = 0;
function nextDay(): { createdAfter: string; createdBefore: string; at: (minute: number) => Date } {
  day += 1;
  const start = new Date(Date.UTC(2020, 0, day));
  return {
    createdAfter: start.toISOString(),
    createdBefore: new Date(start.getTime() + 86_400_000).toISOString(),
    at: (minute) => new Date(start.getTime() + minute * 60_000),
  };
}

/** The SMS of a new order, moved to `status` and dated `createdAt`. */
async function notificationIn(
  status: NotificationStatus,
  createdAt: Date,
  values: { providerStatusCode?: number | null; channel?: string } = {},
): Promise<Made> {
  const order = await createOrder(api, customer.id);
  const [row] = await db.db
    .update(notifications)
    .set({ status, createdAt, ...values })
    .where(eq(notifications.orderId, order.id))
    .returning();
  if (!row) {
    throw new Error('the order owed no notification');
  }
  return { id: row.id, createdAt };
}

async function bulkResend(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await api.inject({
    method: 'POST',
    url: '/v1/notifications/resend',
    payload: body,
    headers,
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

async function resendsOf(originalIds: string[]) {
  return db.db.select().from(notifications).where(inArray(notifications.resendOf, originalIds));
}

describe('POST /v1/notifications/resend', () => {
  it('counts in a dry run what it would resend: failed, rejected and expired by default, nothing written', async () => {
    const range = nextDay();
    const resendable = [
      await notificationIn('failed', range.at(1)),
      await notificationIn('rejected', range.at(2)),
      await notificationIn('expired', range.at(3)),
    ];
    await notificationIn('suppressed', range.at(4));
    await notificationIn('delivered', range.at(5));
    await notificationIn('sent', range.at(6));
    await notificationIn('pending', range.at(7));
    const { createdAfter, createdBefore } = range;
    const dry = await bulkResend({ createdAfter, createdBefore, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ count: 3 });
    expect(await resendsOf(resendable.map((row) => row.id))).toEqual([]);
    const withSuppressed = await bulkResend({
      createdAfter,
      createdBefore,
      status: ['failed', 'suppressed'],
      dryRun: true,
    });
    expect(withSuppressed.body).toEqual({ count: 2 });
  });

  it('writes one linked notification per original, enqueued in the catch-up lane, and none the second time', async () => {
    const range = nextDay();
    const originals = [
      await notificationIn('failed', range.at(1)),
      await notificationIn('rejected', range.at(2)),
    ];
    const { createdAfter, createdBefore } = range;
    const first = await bulkResend({ createdAfter, createdBefore });
    expect(first.status).toBe(202);
    expect(first.body.count).toBe(2);
    const written = await resendsOf(originals.map((row) => row.id));
    expect(written.map((row) => row.id).sort()).toEqual([...first.body.ids].sort());
    for (const row of written) {
      expect(row).toMatchObject({ trigger: 'resend', customerId: customer.id, recipient: customer.phone });
      expect(['pending', 'queued']).toContain(row.status);
    }
    expect(new Set(written.map((row) => row.resendOf))).toEqual(new Set(originals.map((row) => row.id)));

    const redis = new Redis(api.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(SMS_QUEUE, { connection: redis, prefix: api.queuePrefix });
    onTestFinished(async () => {
      await queue.close();
      await redis.quit();
    });
    for (const id of first.body.ids as string[]) {
      expect((await queue.getJob(smsJobId(id)))?.opts.priority).toBe(smsCatchUpPriority);
    }

    const again = await bulkResend({ createdAfter, createdBefore });
    expect(again.body).toEqual({ count: 0, ids: [] });
    // Even once the resends have failed too, the originals are not picked again: their resends are.
    await db.db
      .update(notifications)
      .set({ status: 'failed' })
      .where(inArray(notifications.id, first.body.ids));
    expect((await bulkResend({ createdAfter, createdBefore, dryRun: true })).body).toEqual({ count: 0 });
    expect(await resendsOf(originals.map((row) => row.id))).toHaveLength(2);
  });

  it('never resends one original twice when called concurrently', async () => {
    const range = nextDay();
    const originals: Made[] = [];
    for (let minute = 1; minute <= 6; minute++) {
      originals.push(await notificationIn('failed', range.at(minute)));
    }
    const { createdAfter, createdBefore } = range;
    const answers = await Promise.all([
      bulkResend({ createdAfter, createdBefore }),
      bulkResend({ createdAfter, createdBefore }),
      bulkResend({ createdAfter, createdBefore, limit: 3 }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(answers.reduce((sum, answer) => sum + answer.body.count, 0)).toBe(6);
    const written = await resendsOf(originals.map((row) => row.id));
    expect(written).toHaveLength(6);
    expect(new Set(written.map((row) => row.resendOf)).size).toBe(6);
  });

  it('agrees with the single resend: neither resends what the other has in flight', async () => {
    const range = nextDay();
    const resentAlone = await notificationIn('failed', range.at(1));
    const untouched = await notificationIn('failed', range.at(2));
    const single = await api.inject({ method: 'POST', url: `/v1/notifications/${resentAlone.id}/resend` });
    expect(single.statusCode).toBe(202);
    const { createdAfter, createdBefore } = range;
    const bulk = await bulkResend({ createdAfter, createdBefore });
    expect(bulk.body.count).toBe(1);
    expect((await resendsOf([untouched.id])).map((row) => row.id)).toEqual(bulk.body.ids);
    // The bulk resend's is in flight: a single resend of its original is refused.
    const after = await api.inject({ method: 'POST', url: `/v1/notifications/${untouched.id}/resend` });
    expect(after.statusCode).toBe(409);
    // A failed resend is itself resent (one per chain), not its original again.
    const [singleResend] = await resendsOf([resentAlone.id]);
    await db.db
      .update(notifications)
      .set({ status: 'failed', createdAt: range.at(3) })
      .where(eq(notifications.id, singleResend?.id ?? ''));
    const next = await bulkResend({ createdAfter, createdBefore });
    expect(next.body.count).toBe(1);
    expect((await resendsOf([singleResend?.id ?? ''])).map((row) => row.id)).toEqual(next.body.ids);
    expect(await resendsOf([resentAlone.id])).toHaveLength(1);
  });

  it('filters by channel, trigger, error class and status, and takes the oldest up to the limit', async () => {
    const range = nextDay();
    const noBalance = await notificationIn('failed', range.at(1), { providerStatusCode: 405 });
    const badNumber = await notificationIn('rejected', range.at(2), { providerStatusCode: 403 });
    const reportedFailed = await notificationIn('failed', range.at(3), { providerStatusCode: 101 });
    const timedOut = await notificationIn('failed', range.at(4), { providerStatusCode: null });
    const gatewayError = await notificationIn('failed', range.at(5), { providerStatusCode: 500 });
    const email = await notificationIn('failed', range.at(6), { channel: 'email' });
    const { createdAfter, createdBefore } = range;
    const count = async (filter: Record<string, unknown>) =>
      (await bulkResend({ createdAfter, createdBefore, dryRun: true, ...filter })).body.count;
    expect(await count({})).toBe(6);
    expect(await count({ channel: 'email' })).toBe(1);
    expect(await count({ channel: 'sms' })).toBe(5);
    expect(await count({ trigger: 'order.created' })).toBe(6);
    expect(await count({ trigger: 'resend' })).toBe(0);
    expect(await count({ errorClass: 'account' })).toBe(1);
    expect(await count({ errorClass: 'permanent' })).toBe(1);
    expect(await count({ errorClass: 'delivery' })).toBe(1);
    // No code (a timeout), a gateway error, and the e-mail (no provider code either).
    expect(await count({ errorClass: 'transient' })).toBe(3);
    expect(await count({ status: 'rejected' })).toBe(1);
    expect(await count({ createdBefore: range.at(3).toISOString() })).toBe(2);

    const account = await bulkResend({ createdAfter, createdBefore, errorClass: 'account' });
    expect((await resendsOf([noBalance.id])).map((row) => row.id)).toEqual(account.body.ids);
    const oldestTwo = await bulkResend({ createdAfter, createdBefore, limit: 2 });
    expect(oldestTwo.body.count).toBe(2);
    const resent = await resendsOf([badNumber.id, reportedFailed.id, timedOut.id, gatewayError.id, email.id]);
    expect(resent.map((row) => row.resendOf).sort()).toEqual([badNumber.id, reportedFailed.id].sort());
    const mail = await bulkResend({ createdAfter, createdBefore, channel: 'email' });
    const [mailResend] = await resendsOf([email.id]);
    expect(mail.body.ids).toEqual([mailResend?.id]);
    // An e-mail goes to the same address again, not to the customer's phone.
    const [emailRow] = await db.db.select().from(notifications).where(eq(notifications.id, email.id));
    expect(mailResend?.recipient).toBe(emailRow?.recipient);
  });

  it('replays the first answer for a repeated Idempotency-Key, writing nothing more', async () => {
    const range = nextDay();
    const original = await notificationIn('failed', range.at(1));
    const { createdAfter, createdBefore } = range;
    const first = await bulkResend({ createdAfter, createdBefore }, { 'idempotency-key': 'bulk-once' });
    expect(first.status).toBe(202);
    const again = await bulkResend({ createdAfter, createdBefore }, { 'idempotency-key': 'bulk-once' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await resendsOf([original.id])).toHaveLength(1);
    const otherBody = await bulkResend({ createdAfter, limit: 5 }, { 'idempotency-key': 'bulk-once' });
    expect(otherBody.status).toBe(422);
  });

  it('is for operators only, and refuses filters it cannot use', async () => {
    const range = nextDay();
    await notificationIn('failed', range.at(1));
    const { createdAfter, createdBefore } = range;
    const asReader = await api.app.inject({
      method: 'POST',
      url: '/v1/notifications/resend',
      payload: { createdAfter, createdBefore },
      headers: { authorization: await api.authorizationWithScopes(['notifications:read']) },
    });
    expect(asReader.statusCode).toBe(403);
    for (const body of [
      { limit: 1001 },
      { limit: 0 },
      { status: 'delivered' },
      { status: [] },
      { errorClass: 'x' },
    ]) {
      expect((await bulkResend({ createdAfter, createdBefore, ...body })).status, JSON.stringify(body)).toBe(
        400,
      );
    }
    expect((await bulkResend({ createdAfter, createdBefore, dryRun: true })).body).toEqual({ count: 1 });
  });
});
