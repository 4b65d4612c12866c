import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();

async function pageThrough(url: string, limit: number, between?: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const response = await api.inject({
      method: 'GET',
      url: `${url}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    });
    expect(response.statusCode).toBe(200);
    const page = response.json() as { items: { id: string }[]; nextCursor: string | null };
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pages += 1;
    await between?.();
  } while (cursor && pages < 1000);
  return seen;
}

describe('keyset pagination', () => {
  it('returns every order once, newest first, while new orders are inserted between pages', async () => {
    const customer = await createCustomer(api);
    const original: string[] = [];
    for (let i = 0; i < 23; i++) {
      original.push((await createOrder(api, customer.id, { item: `item ${i}` })).id);
    }
    const whole = await api.inject({ method: 'GET', url: `/v1/orders?customerId=${customer.id}&limit=100` });
    const expected = whole.json().items.map((o: { id: string }) => o.id);
    expect([...expected].sort()).toEqual([...original].sort());
    const inserted: string[] = [];
    const seen = await pageThrough(`/v1/orders?customerId=${customer.id}`, 5, async () => {
      inserted.push((await createOrder(api, customer.id)).id);
    });
    // Rows inserted meanwhile are newer than the cursor: they never shift what is still to come.
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.some((id) => inserted.includes(id))).toBe(false);
  });

  it('pages customers the same way and ends with a null cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await createCustomer(api, { name: `Page Person ${i}` })).id);
    }
    const seen = await pageThrough('/v1/customers?q=Page%20Person', 3);
    const whole = await api.inject({ method: 'GET', url: '/v1/customers?q=Page%20Person&limit=100' });
    expect(seen).toEqual(whole.json().items.map((c: { id: string }) => c.id));
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('defaults to 20 and refuses more than 100 per page', async () => {
    const customer = await createCustomer(api);
    for (let i = 0; i < 21; i++) {
      await createOrder(api, customer.id);
    }
    const first = await api.inject({ method: 'GET', url: `/v1/customers/${customer.id}/orders` });
    expect(first.json().items).toHaveLength(20);
    expect(first.json().nextCursor).toEqual(expect.any(String));
    for (const limit of ['101', '0', '-1', 'ten']) {
      const response = await api.inject({ method: 'GET', url: `/v1/orders?limit=${limit}` });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('query/limit');
    }
  });
});

describe('cursors and date filters PostgreSQL cannot store', () => {
  const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const someId = '00000000-0000-4000-8000-000000000000';

  it.each([
    ['a year past 9999', ['+275760-09-13T00:00:00.000Z', someId]],
    ['year 0', ['0000-01-01T00:00:00.000Z', someId]],
    ['a number far in the past', [-8.64e15, someId]],
  ])('refuses a crafted cursor with %s with 400, not 500', async (_name, cursor) => {
    for (const url of ['/v1/orders', '/v1/customers', '/v1/notifications']) {
      const response = await api.inject({ method: 'GET', url: `${url}?cursor=${cursorOf(cursor)}` });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
      expect(response.json().errors[0].field).toBe('query/cursor');
    }
  });

  it.each([
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['year 0', '0000-06-01T00:00:00Z'],
    ['year 1 that is year 0 in UTC', '0001-01-01T00:00:00+01:00'],
  ])('refuses a createdBefore/createdAfter with %s with 400, not 500', async (_name, value) => {
    for (const url of ['/v1/orders', '/v1/notifications']) {
      for (const field of ['createdBefore', 'createdAfter']) {
        const response = await api.inject({
          method: 'GET',
          url: `${url}?${field}=${encodeURIComponent(value)}`,
        });
        expect(response.statusCode, `${url} ${field}: ${response.body}`).toBe(400);
        expect(response.json().errors[0].field).toBe(`query/${field}`);
      }
    }
  });

  it('still takes dates in the range PostgreSQL stores', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z']) {
      const response = await api.inject({
        method: 'GET',
        url: `/v1/orders?createdAfter=${encodeURIComponent(value)}`,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
  });
});
