import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();

async function countCustomers() {
  const response = await api.inject({ method: 'GET', url: '/v1/customers?limit=100' });
  return response.json().items.length as number;
}

describe('customers: errors', () => {
  it.each(['0712', '12345', 'not a phone', '+1 202 555 01', '0700 000 000x'])(
    'rejects the phone %j with 422 naming the field',
    async (phone) => {
      const before = await countCustomers();
      const response = await api.inject({
        method: 'POST',
        url: '/v1/customers',
        payload: { name: 'X', phone },
      });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 422, errors: [{ field: '/phone' }] });
      expect(await countCustomers()).toBe(before);
    },
  );

  it('does not echo a refused phone number: the problem detail is also the log line', async () => {
    const phone = '+254 7123 456 789 0';
    for (const request of [
      { method: 'POST' as const, url: '/v1/customers', payload: { name: 'X', phone } },
      {
        method: 'PATCH' as const,
        url: `/v1/customers/${(await createCustomer(api)).id}`,
        payload: { phone },
      },
    ]) {
      const response = await api.inject(request);
      expect(response.statusCode).toBe(422);
      const problem = response.json();
      expect(problem.detail).toBe('phone: is not a valid phone number (region KE)');
      expect(JSON.stringify(problem)).not.toMatch(/7123|456 789/);
    }
  });

  it('lists every invalid field', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: '', email: 'nope', locale: 'fr', extra: true },
    });
    expect(response.statusCode).toBe(400);
    const fields = response.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'phone', 'email', 'locale', 'extra']));
  });

  it('rejects a name of spaces only (stored trimmed, it would be empty), on create and on change', async () => {
    const before = await countCustomers();
    const created = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: '   ', phone: '0712345678' },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors.map((e: { field: string }) => e.field)).toContain('name');
    expect(await countCustomers()).toBe(before);
    const customer = await createCustomer(api);
    const changed = await api.inject({
      method: 'PATCH',
      url: `/v1/customers/${customer.id}`,
      payload: { name: ' ' },
    });
    expect(changed.statusCode).toBe(400);
  });

  it('answers 409 for a duplicate code and keeps the first', async () => {
    await createCustomer(api, { code: 'DUP-1' });
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: 'Other', phone: '0712345678', code: 'DUP-1' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().errors).toEqual([{ field: '/code', message: 'must be unique' }]);
  });

  it('does not answer 409 to a customer sent without a code when a client took the next generated one', async () => {
    const generated = await createCustomer(api, { name: 'Sequence Probe' });
    const next = Number(generated.code.replace('CUST-', '')) + 1;
    const taken = `CUST-${String(next).padStart(6, '0')}`;
    await createCustomer(api, { code: taken });
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: 'No Code Given', phone: '0712345678' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().code).toMatch(/^CUST-\d{6}$/);
    expect(response.json().code).not.toBe(taken);
  });

  it('answers 409 for a duplicate subject', async () => {
    await createCustomer(api, { subject: 'user-1' });
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: 'Other', phone: '0712345678', subject: 'user-1' },
    });
    expect(response.statusCode).toBe(409);
  });

  it('refuses to delete a customer who has orders', async () => {
    const customer = await createCustomer(api);
    await createOrder(api, customer.id);
    const response = await api.inject({ method: 'DELETE', url: `/v1/customers/${customer.id}` });
    expect(response.statusCode).toBe(409);
    const still = await api.inject({ method: 'GET', url: `/v1/customers/${customer.id}` });
    expect(still.statusCode).toBe(200);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const missing = await api.inject({
      method: 'GET',
      url: '/v1/customers/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ type: 'urn:sokoni:problem:not-found', status: 404 });
    const malformed = await api.inject({ method: 'GET', url: '/v1/customers/42' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('params/id');
  });

  it('rejects an empty or unknown-field PATCH and a bad phone in a PATCH', async () => {
    const customer = await createCustomer(api);
    for (const payload of [{}, { nickname: 'x' }]) {
      const response = await api.inject({ method: 'PATCH', url: `/v1/customers/${customer.id}`, payload });
      expect(response.statusCode).toBe(400);
    }
    const badPhone = await api.inject({
      method: 'PATCH',
      url: `/v1/customers/${customer.id}`,
      payload: { phone: '123456' },
    });
    expect(badPhone.statusCode).toBe(422);
    const read = await api.inject({ method: 'GET', url: `/v1/customers/${customer.id}` });
    expect(read.json().phone).toBe(customer.phone);
  });

  it('rejects a cursor it did not issue', async () => {
    const response = await api.inject({ method: 'GET', url: '/v1/customers?cursor=garbage' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('query/cursor');
  });
});
