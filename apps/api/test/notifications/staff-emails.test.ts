import { SMS_QUEUE, type StaffOrderEmail, smsJobId } from '@sokoni/contracts';
import { createDb, notifications } from '@sokoni/db';
import { Queue } from 'bullmq';
import { and, eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { insertProduct, type OrderJson, orderProducts } from '../support/order-products.ts';

const api = await createTestApi({
  STAFF_EMAILS: ' Boss@Shop.test, clerk@shop.test ,boss@shop.test',
  STAFF_EMAIL_LOCALE: 'sw',
  STAFF_EMAIL_ORDER_URL: 'https://shop.example/orders/{orderId}',
  SHOP_NAME: 'Duka la Mama',
});
const db = createDb({ url: api.databaseUrl, max: 2 });
const redis = new Redis(api.redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue(SMS_QUEUE, { connection: redis, prefix: api.queuePrefix });
afterAll(async () => {
  await queue.close();
  await redis.quit();
  await db.close();
});
const customer = await createCustomer(api, { name: 'Amina <b>Njeri</b>' });

async function emailRowsOf(orderId: string) {
  return db.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.orderId, orderId), eq(notifications.channel, 'email')))
    .orderBy(notifications.recipient);
}

describe('the staff e-mail of a new order', () => {
  it('is owed to every configured address, once each, with the order, in the same write as the order', async () => {
    const order = await createOrder(api, customer.id, { item: 'Sukari 1kg', quantity: 2, amount: '360.00' });

    const rows = await emailRowsOf(order.id);
    expect(rows.map((row) => [row.recipient, row.trigger, row.idempotencyKey])).toEqual([
      ['boss@shop.test', 'order.created', `order:${order.id}:order.created:email:boss@shop.test`],
      ['clerk@shop.test', 'order.created', `order:${order.id}:order.created:email:clerk@shop.test`],
    ]);
    const body = JSON.parse(rows[0]?.body ?? '{}') as StaffOrderEmail;
    expect(body).toEqual({
      kind: 'staff-order-email',
      version: 1,
      locale: 'sw',
      shopName: 'Duka la Mama',
      order: {
        id: order.id,
        number: order.number,
        amount: '360.00',
        currency: 'KES',
        notes: null,
        lines: [{ name: 'Sukari 1kg', quantity: 2, unitPrice: null, lineTotal: '360.00' }],
        url: `https://shop.example/orders/${order.id}`,
      },
      customer: { name: 'Amina <b>Njeri</b>', code: customer.code, phone: customer.phone },
    });
    expect(rows[1]?.body).toBe(rows[0]?.body);
    // Handed to the queue once committed, as the order's SMS is.
    for (const row of rows) {
      expect(await queue.getJob(smsJobId(row.id))).toBeDefined();
    }
    // The customer's own SMS is still owed alongside.
    const sms = await db.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.orderId, order.id), eq(notifications.channel, 'sms')));
    expect(sms.map((row) => row.recipient)).toEqual([customer.phone]);
  });

  it('lists the lines of an order from the catalogue, with their prices, in the same write', async () => {
    const kitenge = await insertProduct(db.db, { name: 'Kitenge fabric', price: '850.00', stock: 10 });
    const sukari = await insertProduct(db.db, { name: 'Sukari 1kg', price: '180.50', stock: 10 });
    const response = await orderProducts(api, customer.id, [
      { productId: kitenge.id, quantity: 2 },
      { productId: sukari.id, quantity: 1 },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json<OrderJson>();

    const rows = await emailRowsOf(order.id);
    expect(rows.map((row) => row.recipient)).toEqual(['boss@shop.test', 'clerk@shop.test']);
    const body = JSON.parse(rows[0]?.body ?? '{}') as StaffOrderEmail;
    expect(body.order.amount).toBe('1880.50');
    expect(body.order.lines).toEqual([
      { name: 'Kitenge fabric', quantity: 2, unitPrice: '850.00', lineTotal: '1700.00' },
      { name: 'Sukari 1kg', quantity: 1, unitPrice: '180.50', lineTotal: '180.50' },
    ]);
    for (const row of rows) {
      expect(await queue.getJob(smsJobId(row.id))).toBeDefined();
    }
  });

  it('is resent to the same address with the same content', async () => {
    const order = await createOrder(api, customer.id);
    const [original] = await emailRowsOf(order.id);
    await db.db
      .update(notifications)
      .set({ status: 'failed' })
      .where(eq(notifications.id, original?.id ?? ''));

    const response = await api.inject({ method: 'POST', url: `/v1/notifications/${original?.id}/resend` });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({
      channel: 'email',
      trigger: 'resend',
      recipient: original?.recipient,
      body: original?.body,
      resendOf: original?.id,
    });
  });
});
