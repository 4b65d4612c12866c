import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

// Whatever a client sends, the answer is a 2xx or a 4xx problem: never a 5xx.

const api = await createTestApi();
const customer = await createCustomer(api);
const order = await createOrder(api, customer.id);

const writeRoutes = [
  { method: 'POST', url: '/v1/customers' },
  { method: 'PATCH', url: `/v1/customers/${customer.id}` },
  { method: 'POST', url: '/v1/orders' },
  { method: 'PATCH', url: `/v1/orders/${order.id}` },
  { method: 'POST', url: `/v1/orders/${order.id}/status` },
] as const;

const readRoutes = ['/v1/customers', '/v1/orders', `/v1/customers/${customer.id}/orders`];

/** Values that break naive parsers: huge and tiny numbers, odd unicode, nesting, prototype keys. */
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, '1e309', '\u0000', '\ud800', '𝕊', 'NaN', '', ' '),
  fc.string({ unit: 'binary', maxLength: 300 }),
);

// Bodies that look almost right (the route's own field names) find more than random keys alone.
const orderFields = {
  customerId: fc.oneof(fc.constant(customer.id), nasty),
  item: nasty,
  amount: nasty,
  quantity: nasty,
};
const otherFields = { name: nasty, phone: nasty, email: nasty, status: nasty, amount: nasty, code: nasty };

const bodyFor = (route: (typeof writeRoutes)[number]) =>
  fc.oneof(
    route.method === 'POST' && route.url === '/v1/orders'
      ? fc.record(orderFields, { requiredKeys: [] })
      : fc.record(otherFields, { requiredKeys: [] }),
    fc.dictionary(fc.string({ maxLength: 20 }), nasty, { maxKeys: 5 }),
    nasty,
  );

describe('bad input never yields a 5xx', () => {
  for (const route of writeRoutes) {
    it(`${route.method} ${route.url.replace(/[0-9a-f-]{36}/g, '{id}')} with arbitrary JSON`, async () => {
      await fc.assert(
        fc.asyncProperty(bodyFor(route), async (body) => {
          const response = await api.inject({
            method: route.method,
            url: route.url,
            headers: { 'content-type': 'application/json' },
            payload: JSON.stringify(body) ?? 'null',
          });
          expect(response.statusCode, response.body).toBeLessThan(500);
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          }
        }),
        { numRuns: 60 },
      );
    });
  }

  it('raw bytes as a JSON body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), async (payload) => {
        const response = await api.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 80 },
    );
  });

  it('arbitrary query strings and path ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...readRoutes),
        fc.dictionary(
          fc.constantFrom(
            'limit',
            'cursor',
            'q',
            'status',
            'customerId',
            'createdBefore',
            'createdAfter',
            'x',
          ),
          fc.string({ maxLength: 60 }),
        ),
        fc.string({ maxLength: 60 }),
        async (url, query, id) => {
          const search = new URLSearchParams(query).toString();
          const list = await api.inject({ method: 'GET', url: `${url}?${search}` });
          expect(list.statusCode, list.body).toBeLessThan(500);
          const one = await api.inject({ method: 'GET', url: `/v1/orders/${encodeURIComponent(id)}` });
          expect(one.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 100 },
    );
  });

  it.each([
    [
      'an order item',
      'POST',
      '/v1/orders',
      { customerId: customer.id, item: 'a\u0000b', amount: '1' },
      'item',
    ],
    ['a customer name', 'POST', '/v1/customers', { name: 'a\u0000b', phone: '0712345678' }, 'name'],
    ['an unknown key', 'POST', '/v1/customers', { name: 'x', phone: '0712345678', 'a\u0000': 1 }, 'a\u0000'],
    ['a search', 'GET', '/v1/customers?q=%00', undefined, 'query/q'],
  ] as const)(
    'refuses a NUL character in %s with 400 (PostgreSQL text cannot hold it)',
    async (_name, method, url, payload, field) => {
      const response = await api.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().type).toBe('urn:sokoni:problem:validation-failed');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    },
  );

  it('refuses a NUL character in a delivery report with 400', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/africastalking/delivery-reports/${api.config.AT_WEBHOOK_SECRET}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'id=ATXid_1%00&status=Success',
    });
    expect(response.statusCode, response.body).toBe(400);
  });

  it('a prototype-pollution body is refused', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"x","phone":"0712345678","__proto__":{"admin":true}}',
    });
    expect(response.statusCode).toBe(400);
  });
});
