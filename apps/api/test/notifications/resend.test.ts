import { SMS_QUEUE, smsCatchUpPriority, smsJobId } from '@sokoni/contracts';
import { createDb, idempotencyKeys, notifications } from '@sokoni/db';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

interface NotificationJson {
  id: string;
  orderId: string | null;
  trigger: string;
  status: string;
  body: string;
  recipient: string;
  resendOf: string | null;
}

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api);

async function resend(id: string, headers: Record<string, string> = {}) {
  const response = await api.inject({ method: 'POST', url: `/v1/notifications/${id}/resend`, headers });
  return { status: response.statusCode, body: response.json<NotificationJson>(), headers: response.headers };
}

async function setStatus(id: string, status: 'failed' | 'sent') {
  await db.db.update(notifications).set({ status }).where(eq(notifications.id, id));
}

/** The "order received" SMS of a new order: still owed (pending or queued), as the API left it. */
async function owedNotification(): Promise<{ id: string; orderId: string }> {
  const order = await createOrder(api, customer.id);
  const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
  expect(row).toBeDefined();
  return { id: row?.id ?? '', orderId: order.id };
}

/** The SMS of a new order, given up on: what an operator resends. */
async function failedNotification(): Promise<{ id: string; orderId: string }> {
  const notification = await owedNotification();
  await setStatus(notification.id, 'failed');
  return notification;
}

describe('POST /v1/notifications/{id}/resend', () => {
  it('refuses while the original is still in flight', async () => {
    const original = await owedNotification();
    const refused = await resend(original.id);
    expect(refused.status).toBe(409);
  });

  it('creates a linked notification, enqueues it, and refuses a second resend while it is in flight', async () => {
    const { id: originalId, orderId } = await failedNotification();
    const created = await resend(originalId);
    expect(created.status).toBe(202);
    expect(created.headers.location).toBe(`/v1/notifications/${created.body.id}`);
    const [original] = await db.db.select().from(notifications).where(eq(notifications.id, originalId));
    expect(created.body).toMatchObject({
      trigger: 'resend',
      resendOf: originalId,
      orderId,
      body: original?.body,
      recipient: original?.recipient,
    });
    expect(created.body.id).not.toBe(originalId);
    expect(['pending', 'queued']).toContain(created.body.status);

    const redis = new Redis(api.redisUrl, { maxRetriesPerRequest: null });
    const queue = new Queue(SMS_QUEUE, { connection: redis, prefix: api.queuePrefix });
    onTestFinished(async () => {
      await queue.close();
      await redis.quit();
    });
    // In the catch-up lane: behind every SMS a new order change owes.
    expect((await queue.getJob(smsJobId(created.body.id)))?.opts.priority).toBe(smsCatchUpPriority);

    expect((await resend(originalId)).status).toBe(409);
    // A resend of the resend is part of the same family: refused too.
    expect((await resend(created.body.id)).status).toBe(409);
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const { id: originalId } = await failedNotification();
    const first = await resend(originalId, { 'idempotency-key': 'resend-once' });
    expect(first.status).toBe(202);
    const again = await resend(originalId, { 'idempotency-key': 'resend-once' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    // Keys are kept per notification and caller; stored keys must keep matching across releases.
    const [key] = await db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'resend-once'));
    expect(key?.scope).toMatch(new RegExp(`^POST /v1/notifications/${originalId}/resend [^ ]+$`));
    // The replay created nothing: the original has the one resend.
    const family = await db.db.select().from(notifications).where(eq(notifications.resendOf, originalId));
    expect(family.map((row) => row.id)).toEqual([first.body.id]);
  });

  it('refuses a resend while any resend down the chain is in flight, and lets one of two concurrent ones through', async () => {
    const { id: rootId } = await failedNotification();
    const child = await resend(rootId);
    expect(child.status).toBe(202);
    await setStatus(child.body.id, 'sent');
    const grandchild = await resend(child.body.id);
    expect(grandchild.status).toBe(202);
    // The grandchild still owes its send: resending the root (or the child) would be a second SMS.
    expect((await resend(rootId)).status).toBe(409);
    expect((await resend(child.body.id)).status).toBe(409);

    await setStatus(grandchild.body.id, 'sent');
    const both = await Promise.all([resend(rootId), resend(grandchild.body.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([202, 409]);
  });

  it('needs the notifications:resend scope, and answers 404 for an unknown id', async () => {
    const { id: originalId } = await failedNotification();
    const forbidden = await resend(originalId, {
      authorization: await api.authorizationWithScopes(['notifications:read']),
    });
    expect(forbidden.status).toBe(403);
    expect((await resend('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    // The refused caller left the original as it was: a permitted resend still goes through.
    expect((await resend(originalId)).status).toBe(202);
  });
});
