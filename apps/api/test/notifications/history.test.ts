import { SMS_QUEUE, smsJobId } from '@sokoni/contracts';
import { createDb, type DbHandle, idempotencyKeys, notifications } from '@sokoni/db';
import { onFileFinished } from '@sokoni/testing';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createCustomer, createOrder, createTestApi, type TestApi } from '../helper.ts';

interface NotificationJson {
  id: string;
  orderId: string | null;
  customerId: string;
  trigger: string;
  status: string;
  body: string;
  recipient: string;
  resendOf: string | null;
  createdAt: string;
}

let api: TestApi;
let db: DbHandle;
let customer: { id: string; phone: string };
let order: { id: string; number: string };
let otherOrder: { id: string };

beforeAll(async () => {
  api = await createTestApi();
  db = createDb({ url: api.databaseUrl, max: 2 });
  // From a hook, afterAll would be dropped: the pool would outlive its database.
  onFileFinished(() => db.close());
  customer = await createCustomer(api);
  order = await createOrder(api, customer.id);
  const status = await api.inject({
    method: 'POST',
    url: `/v1/orders/${order.id}/status`,
    payload: { status: 'confirmed' },
  });
  expect(status.statusCode).toBe(200);
  const other = await createCustomer(api, { phone: '0722 000 111', name: 'Baraka Otieno' });
  otherOrder = await createOrder(api, other.id);
});

async function get<T>(url: string, authorization?: string) {
  const response = await api.inject({
    method: 'GET',
    url,
    ...(authorization ? { headers: { authorization } } : {}),
  });
  return { status: response.statusCode, body: response.json<T>(), headers: response.headers };
}

async function resend(id: string, headers: Record<string, string> = {}) {
  const response = await api.inject({ method: 'POST', url: `/v1/notifications/${id}/resend`, headers });
  return { status: response.statusCode, body: response.json<NotificationJson>(), headers: response.headers };
}

async function setStatus(id: string, status: 'failed' | 'sent') {
  await db.db.update(notifications).set({ status }).where(eq(notifications.id, id));
}

describe('GET /v1/notifications', () => {
  it('lists every notification newest first, in the documented shape', async () => {
    const list = await get<{ items: NotificationJson[]; nextCursor: string | null }>('/v1/notifications');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.nextCursor).toBeNull();
    const [newest] = list.body.items;
    expect(newest?.orderId).toBe(otherOrder.id);
    for (const field of [
      'id',
      'orderId',
      'customerId',
      'channel',
      'trigger',
      'recipient',
      'body',
      'status',
      'attempts',
      'providerMessageId',
      'providerStatusCode',
      'cost',
      'lastError',
      'resendOf',
      'createdAt',
      'updatedAt',
    ]) {
      expect(newest).toHaveProperty(field);
    }
    const times = list.body.items.map((item) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by order, customer, status and creation time', async () => {
    const byOrder = await get<{ items: NotificationJson[] }>(`/v1/notifications?orderId=${order.id}`);
    expect(byOrder.body.items.map((n) => n.trigger).sort()).toEqual([
      'order.created',
      'order.status.confirmed',
    ]);
    const byCustomer = await get<{ items: NotificationJson[] }>(
      `/v1/notifications?customerId=${customer.id}`,
    );
    expect(byCustomer.body.items).toHaveLength(2);
    const first = byOrder.body.items.at(-1);
    const byStatus = await get<{ items: NotificationJson[] }>(`/v1/notifications?status=${first?.status}`);
    expect(byStatus.body.items.every((n) => n.status === first?.status)).toBe(true);
    const none = await get<{ items: NotificationJson[] }>('/v1/notifications?status=delivered');
    expect(none.body.items).toEqual([]);
    const before = await get<{ items: NotificationJson[] }>(
      `/v1/notifications?createdBefore=${encodeURIComponent(first?.createdAt ?? '')}`,
    );
    expect(before.body.items).toEqual([]);
    const after = await get<{ items: NotificationJson[] }>(
      `/v1/notifications?createdAfter=${encodeURIComponent(first?.createdAt ?? '')}`,
    );
    expect(after.body.items).toHaveLength(3);
  });

  it('pages with an opaque cursor and refuses a forged one', async () => {
    const seen: string[] = [];
    let url = '/v1/notifications?limit=1';
    for (;;) {
      const page = await get<{ items: NotificationJson[]; nextCursor: string | null }>(url);
      seen.push(...page.body.items.map((n) => n.id));
      if (page.body.nextCursor === null) {
        break;
      }
      url = `/v1/notifications?limit=1&cursor=${page.body.nextCursor}`;
    }
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    const forged = await get<{ status: number }>('/v1/notifications?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
  });

  it('needs the notifications:read scope', async () => {
    const list = await get('/v1/notifications', await api.authorizationWithScopes(['orders:read']));
    expect(list.status).toBe(403);
  });
});

describe('GET /v1/notifications/{id}', () => {
  it('returns the notification with its send attempts and delivery reports', async () => {
    const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, otherOrder.id));
    const detail = await get<NotificationJson & { sendAttempts: unknown[]; deliveryReports: unknown[] }>(
      `/v1/notifications/${row?.id}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: row?.id,
      body: row?.body,
      sendAttempts: [],
      deliveryReports: [],
    });
  });

  it('answers 404 for an unknown id', async () => {
    const missing = await get<{ status: number }>('/v1/notifications/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });
});

describe('GET /v1/orders/{id}/notifications', () => {
  it("lists the order's notifications", async () => {
    const list = await get<{ items: NotificationJson[] }>(`/v1/orders/${order.id}/notifications`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((n) => n.trigger)).toEqual(['order.status.confirmed', 'order.created']);
  });

  it('answers 404 for an unknown order', async () => {
    const missing = await get('/v1/orders/00000000-0000-4000-8000-000000000000/notifications');
    expect(missing.status).toBe(404);
  });
});

describe('a customer signed in as themselves', () => {
  it('cannot read the SMS history: the customer app holds no notifications scope', async () => {
    await createCustomer(api, { phone: '0733 444 555', name: 'Amina', subject: 'customer-amina' });
    const amina = await api.customerAuthorization('amina');
    expect((await get('/v1/notifications', amina)).status).toBe(403);
    expect((await get(`/v1/orders/${order.id}/notifications`, amina)).status).toBe(403);
  });
});

describe('POST /v1/notifications/{id}/resend', () => {
  let originalId: string;

  beforeAll(async () => {
    const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, otherOrder.id));
    originalId = row?.id ?? '';
  });

  it('refuses while the original is still in flight', async () => {
    const refused = await resend(originalId);
    expect(refused.status).toBe(409);
  });

  it('creates a linked notification, enqueues it, and refuses a second resend while it is in flight', async () => {
    await setStatus(originalId, 'failed');
    const created = await resend(originalId);
    expect(created.status).toBe(202);
    expect(created.headers.location).toBe(`/v1/notifications/${created.body.id}`);
    const [original] = await db.db.select().from(notifications).where(eq(notifications.id, originalId));
    expect(created.body).toMatchObject({
      trigger: 'resend',
      resendOf: originalId,
      orderId: otherOrder.id,
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
    expect(await queue.getJob(smsJobId(created.body.id))).toBeDefined();

    expect((await resend(originalId)).status).toBe(409);
    // A resend of the resend is part of the same family: refused too.
    expect((await resend(created.body.id)).status).toBe(409);
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const rows = await db.db.select().from(notifications).where(eq(notifications.resendOf, originalId));
    for (const row of rows) {
      await setStatus(row.id, 'sent');
    }
    const first = await resend(originalId, { 'idempotency-key': 'resend-once' });
    expect(first.status).toBe(202);
    const again = await resend(originalId, { 'idempotency-key': 'resend-once' });
    expect(again.status).toBe(202);
    expect(again.headers['idempotency-replayed']).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    // Keys are kept per notification and caller; stored keys must keep matching across releases.
    const [key] = await db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'resend-once'));
    expect(key?.scope).toMatch(new RegExp(`^POST /v1/notifications/${originalId}/resend [^ ]+$`));
    const family = await db.db.select().from(notifications).where(eq(notifications.resendOf, originalId));
    expect(family).toHaveLength(2);
  });

  it('refuses a resend while any resend down the chain is in flight, and lets one of two concurrent ones through', async () => {
    const chainOrder = await createOrder(api, customer.id);
    const [root] = await db.db.select().from(notifications).where(eq(notifications.orderId, chainOrder.id));
    const rootId = root?.id ?? '';
    await setStatus(rootId, 'failed');
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
    const forbidden = await resend(originalId, {
      authorization: await api.authorizationWithScopes(['notifications:read']),
    });
    expect(forbidden.status).toBe(403);
    expect((await resend('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('Bull Board', () => {
  it('is served to operators under /admin/queues and refused without a token', async () => {
    const page = await api.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const queues = await api.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(queues.statusCode).toBe(200);
    expect(queues.json<{ queues: { name: string }[] }>().queues.map((q) => q.name)).toEqual([SMS_QUEUE]);
    const anonymous = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(anonymous.statusCode).toBe(401);
    const reader = await api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: await api.authorizationWithScopes(['notifications:read']) },
    });
    expect(reader.statusCode).toBe(403);
  });
});
