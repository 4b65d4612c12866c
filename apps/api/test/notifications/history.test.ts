import { createDb, type DbHandle, notifications } from '@sokoni/db';
import { onFileFinished } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
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
    expect(byStatus.body.items.length).toBeGreaterThan(0);
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
  it("reads its own SMS history and nobody else's", async () => {
    const own = await createCustomer(api, {
      phone: '0733 444 555',
      name: 'Amina',
      subject: 'customer-amina',
    });
    const ownOrder = await createOrder(api, own.id);
    const amina = await api.customerAuthorization('amina');

    const list = await get<{ items: NotificationJson[] }>('/v1/notifications', amina);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((n) => n.customerId === own.id)).toBe(true);

    const ownHistory = await get<{ items: NotificationJson[] }>(
      `/v1/orders/${ownOrder.id}/notifications`,
      amina,
    );
    expect(ownHistory.status).toBe(200);
    expect(ownHistory.body.items.map((n) => n.trigger)).toEqual(['order.created']);
    // Someone else's order is not there for her, as with every other customer's data.
    expect((await get(`/v1/orders/${order.id}/notifications`, amina)).status).toBe(404);
  });
});
