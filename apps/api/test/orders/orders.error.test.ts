import { createDb, idempotencyKeys, notifications, orders } from '@sokoni/db';
import { waitForLockWaiters } from '@sokoni/testing';
import { count, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api);

async function counts() {
  const [o] = await db.db.select({ n: count() }).from(orders);
  const [n] = await db.db.select({ n: count() }).from(notifications);
  return { orders: o?.n, notifications: n?.n };
}

describe('orders: validation', () => {
  it.each([
    ['amount with 3 decimals', { amount: '12.345' }, 'amount'],
    ['negative amount', { amount: '-1' }, 'amount'],
    ['zero amount', { amount: '0.00' }, 'amount'],
    ['words as amount', { amount: 'abc' }, 'amount'],
    ['a JSON number as amount', { amount: 12.5 }, 'amount'],
    ['an exponent as amount', { amount: '1e309' }, 'amount'],
    ['too many digits', { amount: '12345678901.00' }, 'amount'],
    ['quantity 0', { quantity: 0 }, 'quantity'],
    ['fractional quantity', { quantity: 1.5 }, 'quantity'],
    ['quantity as a string', { quantity: '2' }, 'quantity'],
    ['lower-case currency', { currency: 'kes' }, 'currency'],
    ['oversize item', { item: 'x'.repeat(201) }, 'item'],
    ['empty item', { item: '' }, 'item'],
    ['an item of spaces only (stored trimmed, it would be empty)', { item: ' \t ' }, 'item'],
    ['unknown field', { discount: '10' }, 'discount'],
    ['missing customer id', { customerId: undefined }, 'customerId'],
    ['malformed customer id', { customerId: 'abc' }, 'customerId'],
  ])('rejects %s with 400 naming the field, and writes nothing', async (_name, change, field) => {
    const before = await counts();
    const payload = { customerId: customer.id, item: 'Sukari', amount: '100', ...change };
    const response = await api.inject({ method: 'POST', url: '/v1/orders', payload });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await counts()).toEqual(before);
  });

  it('rejects a raw 1e309 (infinity once parsed) as a JSON number', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { 'content-type': 'application/json' },
      payload: `{"customerId":"${customer.id}","item":"x","amount":1e309}`,
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers 422 for an unknown customer', async () => {
    const before = await counts();
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: '00000000-0000-4000-8000-000000000000', item: 'x', amount: '1' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: '/customerId' })]);
    expect(await counts()).toEqual(before);
  });

  it('answers 422, not 500, when the customer is deleted while the order is being placed', async () => {
    const doomed = await createCustomer(api, { name: 'Gone Soon' });
    const deleter = await db.pool.connect();
    try {
      await deleter.query('begin');
      await deleter.query('delete from customers where id = $1', [doomed.id]);
      // The order's transaction still sees the customer; its foreign-key check waits for the delete.
      const placing = api.inject({
        method: 'POST',
        url: '/v1/orders',
        payload: { customerId: doomed.id, item: 'x', amount: '1' },
      });
      await waitForLockWaiters(db.pool);
      await deleter.query('commit');
      const response = await placing;
      expect(response.statusCode, response.body).toBe(422);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: '/customerId' })]);
    } finally {
      deleter.release();
    }
  });

  it('rolls the order back when the SMS it owes cannot be recorded, with or without an Idempotency-Key', async () => {
    const unreachable = await createCustomer(api, { name: 'No Sms' });
    // Only this customer's notifications fail to insert, so the file's other tests are unaffected.
    await db.pool.query(`
      create function test_refuse_sms() returns trigger language plpgsql as $$
      begin raise exception 'notification refused by the test'; end $$;
      create trigger test_refuse_sms before insert on notifications for each row
        when (new.customer_id = '${unreachable.id}') execute function test_refuse_sms();`);
    const place = (headers: Record<string, string>) =>
      api.inject({
        method: 'POST',
        url: '/v1/orders',
        headers,
        payload: { customerId: unreachable.id, item: 'Sukari', amount: '100' },
      });
    try {
      const withoutKey: Record<string, string> = {};
      for (const headers of [withoutKey, { 'idempotency-key': 'sms-refused' }]) {
        const response = await place(headers);
        // An unexpected database error: 500 (503 is for a database that is unreachable or
        // timing out), as problem details that do not leak the cause.
        expect(response.statusCode).toBe(500);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({
          type: 'urn:sokoni:problem:internal',
          detail: 'the server failed to handle this request',
        });
        expect(response.body).not.toContain('refused by the test');
      }
      expect(await db.db.select().from(orders).where(eq(orders.customerId, unreachable.id))).toEqual([]);
      // Nothing was created, so the key is free again.
      expect(
        await db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'sms-refused')),
      ).toEqual([]);
    } finally {
      await db.pool.query('drop trigger test_refuse_sms on notifications; drop function test_refuse_sms()');
    }
    const retried = await place({ 'idempotency-key': 'sms-refused' });
    expect(retried.statusCode).toBe(201);
    const owed = await db.db.select().from(notifications).where(eq(notifications.orderId, retried.json().id));
    expect(owed).toHaveLength(1);
  });

  it('answers 415 for a body that is not JSON, and 400 for malformed JSON', async () => {
    const wrongType = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { 'content-type': 'text/plain' },
      payload: 'customerId=1',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().type).toBe('urn:sokoni:problem:unsupported-media-type');
    const malformed = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"customerId": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: customer.id, item: 'x'.repeat(100_000), amount: '1' },
    });
    expect(response.statusCode).toBe(413);
  });
});

describe('orders: state machine', () => {
  it.each([
    [[], 'shipped'],
    [[], 'delivered'],
    [[], 'pending'],
    [['confirmed'], 'confirmed'],
    [['confirmed'], 'delivered'],
    [['confirmed', 'shipped'], 'cancelled'],
    [['confirmed', 'shipped', 'delivered'], 'cancelled'],
    [['cancelled'], 'confirmed'],
  ])('after %j refuses %s with 409 and changes nothing', async (path, to) => {
    const order = await createOrder(api, customer.id);
    for (const status of path) {
      await api.inject({ method: 'POST', url: `/v1/orders/${order.id}/status`, payload: { status } });
    }
    const before = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    const notificationsBefore = (await counts()).notifications;
    const response = await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: to },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().type).toBe('urn:sokoni:problem:illegal-status-transition');
    const after = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    expect(after.json()).toEqual(before.json());
    expect((await counts()).notifications).toBe(notificationsBefore);
  });

  it('refuses to edit an order that is no longer pending', async () => {
    const order = await createOrder(api, customer.id);
    await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'confirmed' },
    });
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/orders/${order.id}`,
      payload: { amount: '1.00' },
    });
    expect(response.statusCode).toBe(409);
    const read = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    expect(read.json().amount).toBe(order.amount);
  });

  it('refuses an unknown status value with 400', async () => {
    const order = await createOrder(api, customer.id);
    const response = await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'lost' },
    });
    expect(response.statusCode).toBe(400);
  });

  it('answers 404 for status changes of unknown orders', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders/00000000-0000-4000-8000-000000000000/status',
      payload: { status: 'confirmed' },
    });
    expect(response.statusCode).toBe(404);
  });

  it('serialises concurrent transitions: exactly one wins', async () => {
    const order = await createOrder(api, customer.id);
    const results = await Promise.all(
      ['confirmed', 'cancelled', 'confirmed'].map((status) =>
        api.inject({ method: 'POST', url: `/v1/orders/${order.id}/status`, payload: { status } }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    // confirmed then cancelled is a legal path, so two may succeed; a second confirm never does.
    expect(codes.filter((c) => c === 409).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 200 || c === 409)).toBe(true);
  });
});
