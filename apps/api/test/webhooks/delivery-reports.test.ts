import { createDb, deliveryReports, markNotificationsSent, notifications } from '@sokoni/db';
import { waitForLockWaiters } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customerId = (await createCustomer(api)).id;

const path = () => `/v1/webhooks/africastalking/delivery-reports/${api.config.AT_WEBHOOK_SECRET}`;

/**
 * Posts a report as Africa's Talking does: form-encoded, without any token. The webhook answers
 * a plain 200 (nothing about the notification), so what a report did is read from the database.
 */
async function report(fields: Record<string, string>, url = path()) {
  const response = await api.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  return { status: response.statusCode, body: response.body };
}

async function storedReports(messageId: string) {
  return db.db.select().from(deliveryReports).where(eq(deliveryReports.providerMessageId, messageId));
}

let messageCounter = 0;

/** A notification that Africa's Talking accepted, with its own message id. */
async function sentNotification() {
  const order = await createOrder(api, customerId);
  const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
  messageCounter += 1;
  const messageId = `ATXid_test${messageCounter}`;
  await db.db
    .update(notifications)
    .set({ status: 'sent', providerMessageId: messageId })
    .where(eq(notifications.id, row?.id ?? ''));
  return { id: row?.id ?? '', messageId };
}

async function rowOf(id: string) {
  const [row] = await db.db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}

const base = { phoneNumber: '+254712345678', networkCode: '63902', retryCount: '0' };

describe('POST /v1/webhooks/africastalking/delivery-reports/{secret}', () => {
  it('answers 404 to a wrong secret and stores nothing', async () => {
    const before = await db.db.select().from(deliveryReports);
    const wrong = await report(
      { id: 'ATXid_x', status: 'Success' },
      path().replace(/[^/]+$/, 'not-the-secret-at-all'),
    );
    expect(wrong.status).toBe(404);
    expect(await db.db.select().from(deliveryReports)).toHaveLength(before.length);
  });

  it('stores a report for an unknown message id and answers 200', async () => {
    const answer = await report({ id: 'ATXid_unknown', status: 'Success', ...base, extra: 'kept' });
    expect(answer).toEqual({ status: 200, body: '' });
    const [stored] = await db.db
      .select()
      .from(deliveryReports)
      .where(eq(deliveryReports.providerMessageId, 'ATXid_unknown'));
    expect(stored?.notificationId).toBeNull();
    expect(stored?.raw).toEqual({ id: 'ATXid_unknown', status: 'Success', ...base, extra: 'kept' });
    expect(stored?.retryCount).toBe(0);
  });

  it('moves a sent notification to delivered, once, whatever comes later', async () => {
    const { id, messageId } = await sentNotification();
    expect((await report({ id: messageId, status: 'Submitted', ...base })).status).toBe(200);
    expect(await rowOf(id)).toMatchObject({ status: 'sent', deliveredAt: null });
    expect((await report({ id: messageId, status: 'Success', ...base })).status).toBe(200);
    const delivered = await rowOf(id);
    expect(delivered?.status).toBe('delivered');
    expect(delivered?.deliveredAt).toBeInstanceOf(Date);
    // A duplicate, a late interim and a contradicting final change nothing.
    await report({ id: messageId, status: 'Success', ...base });
    await report({ id: messageId, status: 'Buffered', ...base });
    await report({ id: messageId, status: 'Failed', failureReason: 'DeliveryFailure', ...base });
    const after = await rowOf(id);
    expect(after?.status).toBe('delivered');
    expect(after?.deliveredAt).toEqual(delivered?.deliveredAt);
    expect(after?.lastError).toBeNull();
    const stored = await db.db.select().from(deliveryReports).where(eq(deliveryReports.notificationId, id));
    expect(stored.map((r) => r.status)).toEqual(['Submitted', 'Success', 'Success', 'Buffered', 'Failed']);
  });

  it('marks failed and rejected reports with their reason', async () => {
    const failed = await sentNotification();
    await report({ id: failed.messageId, status: 'Failed', failureReason: 'UserIsInactive', ...base });
    expect(await rowOf(failed.id)).toMatchObject({
      status: 'failed',
      lastError: 'delivery failed: UserIsInactive',
    });

    const rejected = await sentNotification();
    await report({ id: rejected.messageId, status: 'Rejected', ...base });
    expect(await rowOf(rejected.id)).toMatchObject({ status: 'rejected', lastError: 'delivery rejected' });
  });

  it('applies a report that arrived before the worker stored the message id', async () => {
    const order = await createOrder(api, customerId);
    const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    await db.db
      .update(notifications)
      .set({ status: 'sending' })
      .where(eq(notifications.id, row?.id ?? ''));
    expect((await report({ id: 'ATXid_early', status: 'Success', ...base })).status).toBe(200);
    expect(await rowOf(row?.id ?? '')).toMatchObject({ status: 'sending', deliveredAt: null });
    expect((await storedReports('ATXid_early'))[0]?.notificationId).toBeNull();
    await markNotificationsSent(db.db, [
      {
        notificationId: row?.id ?? '',
        providerMessageId: 'ATXid_early',
        providerStatusCode: 101,
        cost: 'KES 0.8000',
        attempt: 1,
        httpStatus: 201,
        startedAt: new Date(),
      },
    ]);
    expect(await rowOf(row?.id ?? '')).toMatchObject({
      status: 'delivered',
      providerMessageId: 'ATXid_early',
    });
    const [stored] = await db.db
      .select()
      .from(deliveryReports)
      .where(eq(deliveryReports.providerMessageId, 'ATXid_early'));
    expect(stored?.notificationId).toBe(row?.id);
  });

  it('applies a report that arrives while the worker is storing the message id', async () => {
    const order = await createOrder(api, customerId);
    const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    const id = row?.id ?? '';
    await db.db.update(notifications).set({ status: 'sending' }).where(eq(notifications.id, id));
    const worker = createDb({ url: api.databaseUrl, max: 1 });
    const locker = await db.pool.connect();
    try {
      // The worker's statement starts (its snapshot is taken), then waits on the row: the report
      // arrives and is stored before the message id is committed.
      await locker.query('begin');
      await locker.query('select id from notifications where id = $1 for update', [id]);
      const marking = markNotificationsSent(worker.db, [
        {
          notificationId: id,
          providerMessageId: 'ATXid_race',
          providerStatusCode: 101,
          cost: 'KES 0.8000',
          attempt: 1,
          httpStatus: 201,
          startedAt: new Date(),
        },
      ]);
      await waitForLockWaiters(db.pool);
      expect((await report({ id: 'ATXid_race', status: 'Success', ...base })).status).toBe(200);
      await locker.query('commit');
      await marking;
    } finally {
      locker.release();
      await worker.close();
    }
    expect(await rowOf(id)).toMatchObject({ status: 'delivered', providerMessageId: 'ATXid_race' });
    const [stored] = await db.db
      .select()
      .from(deliveryReports)
      .where(eq(deliveryReports.providerMessageId, 'ATXid_race'));
    expect(stored?.notificationId).toBe(id);
  });

  it.each(['queued', 'sending'] as const)(
    'never moves a %s row, even one that somehow has the message id; applies the report once it is sent',
    async (status) => {
      const order = await createOrder(api, customerId);
      const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
      const id = row?.id ?? '';
      const messageId = `ATXid_unsent_${status}`;
      // Only the worker's `accepted` move stores a message id; forcing one on a row still owed
      // shows the report's own rule: it applies from `sent` only.
      await db.db
        .update(notifications)
        .set({ status, providerMessageId: messageId })
        .where(eq(notifications.id, id));
      expect(
        (await report({ id: messageId, status: 'Failed', failureReason: 'DeliveryFailure', ...base })).status,
      ).toBe(200);
      expect(await rowOf(id)).toMatchObject({ status, lastError: null, deliveredAt: null });
      expect((await storedReports(messageId))[0]?.notificationId).toBe(id);

      // The worker claims and sends it: the stored report applies right after, with its reason.
      await db.db.update(notifications).set({ status: 'sending' }).where(eq(notifications.id, id));
      await markNotificationsSent(db.db, [
        {
          notificationId: id,
          providerMessageId: messageId,
          providerStatusCode: 101,
          cost: 'KES 0.8000',
          attempt: 1,
          httpStatus: 201,
          startedAt: new Date(),
        },
      ]);
      expect(await rowOf(id)).toMatchObject({
        status: 'failed',
        lastError: 'delivery failed: DeliveryFailure',
      });
    },
  );

  it('refuses a report without a message id or status', async () => {
    expect((await report({ status: 'Success' })).status).toBe(400);
    expect((await report({ id: 'ATXid_1' })).status).toBe(400);
  });
});
