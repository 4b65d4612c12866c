import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();

describe('customers: happy paths', () => {
  it('creates a customer, normalising the phone to E.164 and generating a code', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { name: 'Amina Wanjiru', phone: '0712 345 678', email: 'amina@example.com' },
    });
    expect(response.statusCode).toBe(201);
    const customer = response.json();
    expect(customer).toMatchObject({
      name: 'Amina Wanjiru',
      phone: '+254712345678',
      email: 'amina@example.com',
      locale: 'en',
    });
    expect(customer.code).toMatch(/^CUST-\d{6}$/);
    expect(response.headers.location).toBe(`/v1/customers/${customer.id}`);
    expect(response.headers['x-request-id']).toBeTruthy();
  });

  it.each([
    ['0712345678', '+254712345678'],
    ['254712345678', '+254712345678'],
    ['+254 712 345 678', '+254712345678'],
    ['0110 123456', '+254110123456'],
  ])('accepts the Kenyan form %s', async (phone, e164) => {
    const customer = await createCustomer(api, { phone });
    expect(customer.phone).toBe(e164);
  });

  it('keeps a given code and locale', async () => {
    const customer = await createCustomer(api, { code: 'SHOP-42', locale: 'sw' });
    expect(customer).toMatchObject({ code: 'SHOP-42', locale: 'sw' });
  });

  it('reads, updates and deletes a customer', async () => {
    const created = await createCustomer(api);
    const read = await api.inject({ method: 'GET', url: `/v1/customers/${created.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);

    const patched = await api.inject({
      method: 'PATCH',
      url: `/v1/customers/${created.id}`,
      payload: { name: 'Wanjiku K.', phone: '0723 456 789', email: null },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Wanjiku K.', phone: '+254723456789', email: null });

    const deleted = await api.inject({ method: 'DELETE', url: `/v1/customers/${created.id}` });
    expect(deleted.statusCode).toBe(204);
    const gone = await api.inject({ method: 'GET', url: `/v1/customers/${created.id}` });
    expect(gone.statusCode).toBe(404);
  });

  it('searches by name, code, phone and email', async () => {
    const target = await createCustomer(api, {
      name: 'Zawadi Mwende',
      email: 'zawadi@shop.example',
      phone: '0799 111 222',
    });
    for (const q of ['zawadi', 'MWENDE', target.code, '799111', 'shop.example']) {
      const response = await api.inject({ method: 'GET', url: `/v1/customers?q=${encodeURIComponent(q)}` });
      expect(response.statusCode).toBe(200);
      expect(response.json().items.map((c: { id: string }) => c.id)).toContain(target.id);
    }
    const none = await api.inject({ method: 'GET', url: '/v1/customers?q=%25' });
    expect(none.json().items).toEqual([]);
  });

  it("lists a customer's orders", async () => {
    const customer = await createCustomer(api);
    const other = await createCustomer(api);
    const first = await createOrder(api, customer.id);
    const second = await createOrder(api, customer.id, { item: 'Chai 500g', amount: '250' });
    await createOrder(api, other.id);
    const response = await api.inject({ method: 'GET', url: `/v1/customers/${customer.id}/orders` });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    expect(response.json().nextCursor).toBeNull();
  });
});
