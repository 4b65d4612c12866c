import { SMS_QUEUE, smsJobId } from '@sokoni/contracts';
import { createDb, notificationAttempts, notifications, orderEvents } from '@sokoni/db';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const redis = new Redis(api.redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(SMS_QUEUE, { connection: redis, prefix: api.queuePrefix });
afterAll(async () => {
  await queue.close();
  await redis.quit();
});

const notificationsOf = (orderId: string) =>
  db.db
    .select()
    .from(notifications)
    .where(eq(notifications.orderId, orderId))
    .orderBy(notifications.createdAt);

describe('orders: happy paths', () => {
  it('places an order with defaults and owes its "order received" SMS in the same transaction', async () => {
    const customer = await createCustomer(api, { name: 'Amina Wanjiru', phone: '0712 345 678' });
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: customer.id, item: 'Unga 2kg', amount: '1500.5' },
    });
    expect(response.statusCode).toBe(201);
    const order = response.json();
    expect(order).toMatchObject({
      customerId: customer.id,
      item: 'Unga 2kg',
      quantity: 1,
      amount: '1500.50',
      currency: 'KES',
      status: 'pending',
    });
    expect(order.number).toMatch(/^ORD-\d{6}$/);
    expect(response.headers.location).toBe(`/v1/orders/${order.id}`);

    const [sms] = await notificationsOf(order.id);
    expect(sms).toMatchObject({
      trigger: 'order.created',
      recipient: '+254712345678',
      idempotencyKey: `order:${order.id}:order.created`,
      encoding: 'GSM-7',
      segments: 1,
    });
    expect(sms?.body).toBe(`Sokoni: Hi Amina, we received order ${order.number}: Unga 2kg, KES 1500.50.`);
    // Redis is up in tests, so the API hands the job over right after commit, before answering.
    expect(await queue.getJob(smsJobId(sms?.id ?? ''))).toBeDefined();
    // The row stays `pending` until a worker claims it: marking it `queued` would cost a second
    // commit, and the job id makes the relay's later add of the same job a no-op.
    expect(sms?.status).toBe('pending');
  });

  it('writes Swahili texts for Swahili customers and counts UCS-2 segments', async () => {
    const customer = await createCustomer(api, { name: 'Baraka Otieno', locale: 'sw' });
    const order = await createOrder(api, customer.id, { item: 'Chai ☕ 500g', quantity: 2, amount: '250' });
    const [sms] = await notificationsOf(order.id);
    expect(sms?.body).toBe(
      `Sokoni: Habari Baraka, tumepokea oda ${order.number}: 2 x Chai ☕ 500g, KES 250.00.`,
    );
    expect(sms?.encoding).toBe('UCS-2');
    expect(sms?.segments).toBe(2);
  });

  it('walks the state machine, recording each event and owing one SMS per transition', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    for (const status of ['confirmed', 'shipped', 'delivered']) {
      const response = await api.inject({
        method: 'POST',
        url: `/v1/orders/${order.id}/status`,
        payload: { status },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().status).toBe(status);
    }
    const events = await db.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events.map((e) => [e.fromStatus, e.toStatus])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['confirmed', 'shipped'],
      ['shipped', 'delivered'],
    ]);
    expect(events.every((e) => e.actor.length > 0)).toBe(true);
    const owed = await notificationsOf(order.id);
    const triggers = [
      'order.created',
      'order.status.confirmed',
      'order.status.shipped',
      'order.status.delivered',
    ];
    expect(owed.map((n) => n.trigger)).toEqual(triggers);
    // One key shape for every trigger: order:<order id>:<trigger>.
    expect(owed.map((n) => n.idempotencyKey)).toEqual(triggers.map((t) => `order:${order.id}:${t}`));
  });

  it('cancels a confirmed order', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'confirmed' },
    });
    const response = await api.inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel` });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('cancelled');
    const last = (await notificationsOf(order.id)).at(-1);
    expect(last?.trigger).toBe('order.status.cancelled');
  });

  it('edits a pending order', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/orders/${order.id}`,
      payload: { item: 'Mchele 5kg', quantity: 2, amount: '1200.99' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      item: 'Mchele 5kg',
      quantity: 2,
      amount: '1200.99',
      status: 'pending',
    });
    const read = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    expect(read.json()).toMatchObject({ item: 'Mchele 5kg', quantity: 2, amount: '1200.99' });
  });

  it('filters orders by customer, status and creation time', async () => {
    const customer = await createCustomer(api);
    const a = await createOrder(api, customer.id);
    const b = await createOrder(api, customer.id);
    await api.inject({ method: 'POST', url: `/v1/orders/${b.id}/status`, payload: { status: 'confirmed' } });
    const byStatus = await api.inject({
      method: 'GET',
      url: `/v1/orders?customerId=${customer.id}&status=confirmed`,
    });
    expect(byStatus.json().items.map((o: { id: string }) => o.id)).toEqual([b.id]);
    const future = new Date(Date.now() + 60_000).toISOString();
    const past = new Date(Date.now() - 60_000).toISOString();
    const inWindow = await api.inject({
      method: 'GET',
      url: `/v1/orders?customerId=${customer.id}&createdAfter=${past}&createdBefore=${future}`,
    });
    expect(inWindow.json().items.map((o: { id: string }) => o.id)).toEqual([b.id, a.id]);
    const none = await api.inject({
      method: 'GET',
      url: `/v1/orders?customerId=${customer.id}&createdAfter=${future}`,
    });
    expect(none.json()).toEqual({ items: [], nextCursor: null });
  });

  it('records no attempts before a worker runs', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    const [sms] = await notificationsOf(order.id);
    const attempts = await db.db
      .select()
      .from(notificationAttempts)
      .where(eq(notificationAttempts.notificationId, sms?.id ?? ''));
    expect(attempts).toEqual([]);
  });
});
