import { createDb, idempotencyKeys, orders } from '@sokoni/db';
import { waitForLockWaiters } from '@sokoni/testing';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 3 });
afterAll(() => db.close());
const customer = await createCustomer(api);

const orderCount = async () => (await db.db.select({ n: count() }).from(orders))[0]?.n;
const placeOrder = (key: string | undefined, payload: Record<string, unknown> = {}) =>
  api.inject({
    method: 'POST',
    url: '/v1/orders',
    headers: key === undefined ? {} : { 'idempotency-key': key },
    payload: { customerId: customer.id, item: 'Sukari', amount: '180.00', ...payload },
  });

describe('Idempotency-Key on POST /v1/orders', () => {
  it('replays the first result with Idempotency-Replayed and creates one order', async () => {
    const before = await orderCount();
    const first = await placeOrder('key-replay');
    const second = await placeOrder('key-replay');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers['idempotency-replayed']).toBe('true');
    expect(first.headers['idempotency-replayed']).toBeUndefined();
    expect(await orderCount()).toBe((before ?? 0) + 1);
    // Keys are kept per route and caller; stored keys must keep matching across releases.
    const [stored] = await db.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'key-replay'));
    expect(stored?.scope).toMatch(/^POST \/v1\/orders [^ ]+$/);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const first = await placeOrder('key-order', { item: 'A', quantity: 2 });
    const second = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { 'idempotency-key': 'key-order' },
      payload: { quantity: 2, amount: '180.00', item: 'A', customerId: customer.id },
    });
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
  });

  it('answers 422 when the key comes back with another body', async () => {
    await placeOrder('key-mismatch');
    const before = await orderCount();
    const response = await placeOrder('key-mismatch', { amount: '999.00' });
    expect(response.statusCode).toBe(422);
    expect(response.json().type).toBe('urn:sokoni:problem:idempotency-key-reused');
    expect(await orderCount()).toBe(before);
  });

  it('answers 409 to a duplicate while the first is in flight, then replays the one order it made', async () => {
    const held = await createCustomer(api, { name: 'Held Lane' });
    const locker = await db.pool.connect();
    try {
      // The first request claims the key, then waits inside its transaction on the customer's
      // row (the order's foreign-key check) for as long as the test holds it.
      await locker.query('begin');
      await locker.query('select id from customers where id = $1 for update', [held.id]);
      const first = placeOrder('key-concurrent', { customerId: held.id });
      await waitForLockWaiters(db.pool);
      const duplicate = await placeOrder('key-concurrent', { customerId: held.id });
      await locker.query('commit');
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().type).toBe('urn:sokoni:problem:idempotency-in-flight');
      const created = await first;
      expect(created.statusCode).toBe(201);
      const replay = await placeOrder('key-concurrent', { customerId: held.id });
      expect(replay.headers['idempotency-replayed']).toBe('true');
      expect(replay.json().id).toBe(created.json().id);
      const made = await db.db.select().from(orders).where(eq(orders.customerId, held.id));
      expect(made.map((order) => order.id)).toEqual([created.json().id]);
    } finally {
      locker.release();
    }
  });

  it('gives one order to concurrent duplicates, answering the others 409 or a replay', async () => {
    const before = await orderCount();
    const results = await Promise.all(Array.from({ length: 5 }, () => placeOrder('key-burst')));
    const created = results.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json().id)).size).toBe(1);
    for (const refused of results.filter((r) => r.statusCode !== 201)) {
      expect(refused.statusCode).toBe(409);
      expect(refused.json().type).toBe('urn:sokoni:problem:idempotency-in-flight');
    }
    expect(await orderCount()).toBe((before ?? 0) + 1);
  });

  it('refuses keys over 255 characters with 400', async () => {
    const before = await orderCount();
    const response = await placeOrder('k'.repeat(256));
    expect(response.statusCode).toBe(400);
    expect(response.json().type).toBe('urn:sokoni:problem:idempotency-key-invalid');
    expect(await orderCount()).toBe(before);
    expect((await placeOrder('k'.repeat(255))).statusCode).toBe(201);
  });

  it('gives different keys different orders', async () => {
    const a = await placeOrder('key-a');
    const b = await placeOrder('key-b');
    expect(a.json().id).not.toBe(b.json().id);
  });

  it('does not keep a failed request: the key is free for a corrected retry', async () => {
    const missing = await placeOrder('key-retry', { customerId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(422);
    const corrected = await placeOrder('key-retry', { customerId: '00000000-0000-4000-8000-000000000000' });
    expect(corrected.statusCode).toBe(422);
    const mismatchFree = await placeOrder('key-retry');
    expect(mismatchFree.statusCode).toBe(201);
  });

  it('a request whose key was taken over as stale changes nothing and cannot overwrite or free the new owner', async () => {
    const slowCustomer = await createCustomer(api, { name: 'Slow Lane' });
    const locker = await db.pool.connect();
    try {
      // The first request waits on its customer's row for longer than a live request should.
      await locker.query('begin');
      await locker.query('select id from customers where id = $1 for update', [slowCustomer.id]);
      const slow = placeOrder('key-takeover', { customerId: slowCustomer.id });
      await waitForLockWaiters(db.pool);
      await db.db
        .update(idempotencyKeys)
        .set({ createdAt: sql`now() - interval '10 minutes'` })
        .where(eq(idempotencyKeys.key, 'key-takeover'));
      const retry = await placeOrder('key-takeover');
      expect(retry.statusCode).toBe(201);
      await locker.query('commit');
      // The slow request's order commits only with its idempotency record, which the retry now
      // owns: it rolls back, so the key gave exactly one order.
      const slowAnswer = await slow;
      expect(slowAnswer.statusCode).toBe(409);
      expect(slowAnswer.json().type).toBe('urn:sokoni:problem:idempotency-in-flight');
      const slowOrders = await api.inject({ method: 'GET', url: `/v1/customers/${slowCustomer.id}/orders` });
      expect(slowOrders.json().items).toEqual([]);
      // A replay answers what the owner of the key stored, for the owner's body.
      const replay = await placeOrder('key-takeover');
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotency-replayed']).toBe('true');
      expect(replay.json().id).toBe(retry.json().id);
    } finally {
      locker.release();
    }
  });

  it('works for customers too', async () => {
    const payload = { name: 'Idem Potent', phone: '0712345678' };
    const headers = { 'idempotency-key': 'customer-key' };
    const first = await api.inject({ method: 'POST', url: '/v1/customers', headers, payload });
    const second = await api.inject({ method: 'POST', url: '/v1/customers', headers, payload });
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotency-replayed']).toBe('true');
  });
});
