import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();

describe('methods a path does not answer', () => {
  it('answers 405 with an Allow header for a known path and another method, 404 for an unknown path', async () => {
    const put = await api.inject({ method: 'PUT', url: '/v1/orders', payload: {} });
    expect(put.statusCode).toBe(405);
    expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(put.headers.allow).toBe('GET, HEAD, POST');
    expect(put.json()).toMatchObject({ type: 'urn:sokoni:problem:method-not-allowed', status: 405 });

    const putOne = await api.inject({
      method: 'PUT',
      url: '/v1/orders/00000000-0000-4000-8000-000000000000',
      payload: {},
    });
    expect(putOne.statusCode).toBe(405);
    expect(putOne.headers.allow).toBe('GET, HEAD, PATCH, DELETE');

    const unknown = await api.inject({ method: 'PUT', url: '/v1/nothing-here' });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('list filters as people write them', () => {
  it('takes an empty filter as no filter', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    const response = await api.inject({
      method: 'GET',
      url: `/v1/orders?status=&createdAfter=&customerId=${customer.id}`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { id: string }) => item.id)).toEqual([order.id]);
  });

  it('takes a plain date as its midnight UTC', async () => {
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    const today = new Date().toISOString().slice(0, 10);
    const from = await api.inject({
      method: 'GET',
      url: `/v1/orders?customerId=${customer.id}&createdAfter=${today}`,
    });
    expect(from.statusCode).toBe(200);
    expect(from.json().items.map((item: { id: string }) => item.id)).toEqual([order.id]);
    const before = await api.inject({
      method: 'GET',
      url: `/v1/orders?customerId=${customer.id}&createdBefore=${today}`,
    });
    expect(before.statusCode).toBe(200);
    expect(before.json().items).toEqual([]);
  });

  it('names the allowed values of a bad status once', async () => {
    const response = await api.inject({ method: 'GET', url: '/v1/orders?status=lost' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'query/status', message: 'must be one of pending, confirmed, shipped, delivered, cancelled' },
    ]);
  });

  it('finds a customer by a phone number written in its local form', async () => {
    const customer = await createCustomer(api, { name: 'Halima Said', phone: '+254 745 123 456' });
    for (const q of ['0745123456', '0745 123 456', '254745123456']) {
      const response = await api.inject({ method: 'GET', url: `/v1/customers?q=${encodeURIComponent(q)}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((item: { id: string }) => item.id)).toEqual([customer.id]);
    }
  });
});
