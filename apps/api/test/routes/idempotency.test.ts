import { createDb, orders } from '@sokoni/db';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
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

  it('answers 409 to a duplicate while the first is in flight', async () => {
    const before = await orderCount();
    const results = await Promise.all(Array.from({ length: 5 }, () => placeOrder('key-concurrent')));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201).length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c === 201 || c === 409)).toBe(true);
    const created = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(created.size).toBe(1);
    const conflict = results.find((r) => r.statusCode === 409);
    if (conflict) {
      expect(conflict.json().type).toBe('urn:sokoni:problem:idempotency-in-flight');
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

  it('works for customers too', async () => {
    const payload = { name: 'Idem Potent', phone: '0712345678' };
    const headers = { 'idempotency-key': 'customer-key' };
    const first = await api.inject({ method: 'POST', url: '/v1/customers', headers, payload });
    const second = await api.inject({ method: 'POST', url: '/v1/customers', headers, payload });
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotency-replayed']).toBe('true');
  });
});
