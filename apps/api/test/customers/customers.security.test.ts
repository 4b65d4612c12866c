import { createDb } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { expectForbidden, snapshot } from '../support/auth.ts';
import { insertProduct } from '../support/order-products.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());
const chai = await insertProduct(db.db, { name: 'Chai 250g', price: '120.00' });
// Amina and Baraka are apps/idp's demo customers; their `sub` links them to these rows.
const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const baraka = await createCustomer(api, {
  name: 'Baraka Otieno',
  phone: '0711 000 002',
  subject: 'customer-baraka',
});
const aminasOrder = await createOrder(api, amina.id, { item: 'Unga 2kg' });
const barakasOrder = await createOrder(api, baraka.id, { item: 'Maziwa 1l' });
const asAmina = { authorization: await api.customerAuthorization('amina') };

function asAminaDo(options: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }) {
  return api.app.inject({ ...options, headers: asAmina });
}

/** Amina's orders as staff see them, newest first: what Amina herself must see, no more, no less. */
async function aminasOrderIds(): Promise<string[]> {
  const staff = await api.inject({ method: 'GET', url: `/v1/customers/${amina.id}/orders?limit=100` });
  expect(staff.statusCode).toBe(200);
  return staff.json<{ items: Array<{ id: string }> }>().items.map((order) => order.id);
}

describe('a customer cannot reach another customer’s data (404, nothing changed)', () => {
  const attempts = [
    { name: 'read B’s order', method: 'GET', url: `/v1/orders/${barakasOrder.id}` },
    { name: 'list B’s orders', method: 'GET', url: `/v1/customers/${baraka.id}/orders` },
    {
      name: 'update B’s order',
      method: 'PATCH',
      url: `/v1/orders/${barakasOrder.id}`,
      payload: { quantity: 7 },
    },
    { name: 'cancel B’s order', method: 'POST', url: `/v1/orders/${barakasOrder.id}/cancel` },
    {
      name: 'move B’s order along',
      method: 'POST',
      url: `/v1/orders/${barakasOrder.id}/status`,
      payload: { status: 'cancelled' },
    },
    {
      name: 'order for B',
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: baraka.id, items: [{ productId: chai.id, quantity: 1 }] },
    },
  ] as const;

  it.each(attempts)('$name', async (attempt) => {
    const before = await snapshot(api);
    const response = await asAminaDo(attempt);
    if (attempt.url === '/v1/orders') {
      // The customer is named in the body, so the API answers as for a customer that does not
      // exist (422): the same answer either way, so nothing can be probed.
      const nobody = await asAminaDo({
        ...attempt,
        payload: { ...attempt.payload, customerId: crypto.randomUUID() },
      });
      expect(response.statusCode, response.body).toBe(nobody.statusCode);
      expect(response.json().title).toBe(nobody.json().title);
    } else {
      expect(response.statusCode, response.body).toBe(404);
    }
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).not.toContain('Baraka');
    expect(response.body).not.toContain('Maziwa');
    expect(await snapshot(api)).toEqual(before);
  });

  it('lists only its own orders, whatever the filter says', async () => {
    const all = await asAminaDo({ method: 'GET', url: '/v1/orders?limit=100' });
    expect(all.statusCode).toBe(200);
    const ids = all.json<{ items: Array<{ id: string }> }>().items.map((order) => order.id);
    expect(ids).toContain(aminasOrder.id);
    expect(ids).not.toContain(barakasOrder.id);
    // Other tests of this file may have placed more orders for Amina; she sees exactly hers.
    expect(ids).toEqual(await aminasOrderIds());
    const filtered = await asAminaDo({ method: 'GET', url: `/v1/orders?customerId=${baraka.id}` });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('cannot list customers (customer tokens carry no staff scope), and reads only its own record', async () => {
    expectForbidden(await asAminaDo({ method: 'GET', url: '/v1/customers' }), 'customers:read');
    expect((await asAminaDo({ method: 'GET', url: `/v1/customers/${baraka.id}` })).statusCode).toBe(404);
    expect((await asAminaDo({ method: 'GET', url: `/v1/customers/${amina.id}` })).statusCode).toBe(200);
  });
});

describe('a customer with its own data', () => {
  it('reads its order and its order list', async () => {
    expect((await asAminaDo({ method: 'GET', url: `/v1/orders/${aminasOrder.id}` })).statusCode).toBe(200);
    const own = await asAminaDo({ method: 'GET', url: `/v1/customers/${amina.id}/orders?limit=100` });
    expect(own.statusCode).toBe(200);
    const ids = own.json<{ items: Array<{ id: string }> }>().items.map((order) => order.id);
    expect(ids).toContain(aminasOrder.id);
    expect(ids).toEqual(await aminasOrderIds());
  });

  it('places an order from the catalogue for itself, recorded as made by its subject', async () => {
    const response = await asAminaDo({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: amina.id, items: [{ productId: chai.id, quantity: 1 }] },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ customerId: amina.id, item: 'Chai 250g', amount: '120.00' });
    const events = await asAminaDo({ method: 'GET', url: `/v1/orders/${response.json().id}/events` });
    expect(events.json().items).toMatchObject([
      { fromStatus: null, toStatus: 'pending', actor: 'customer-amina' },
    ]);
  });

  it('may cancel its own pending order but not confirm it', async () => {
    const order = await createOrder(api, amina.id, { item: 'Mafuta 1l' });
    const confirm = await asAminaDo({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'confirmed' },
    });
    expect(confirm.statusCode).toBe(409);
    const cancel = await asAminaDo({ method: 'POST', url: `/v1/orders/${order.id}/cancel` });
    expect(cancel.statusCode).toBe(200);
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
  });
});

describe('who a token acts as', () => {
  it('refuses an end user linked to no customer and holding no staff scope, rather than showing every order', async () => {
    // The operator signed in through the customer app: customer scopes only, and no customer has its sub.
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await api.customerAuthorization('operator') },
    });
    expectForbidden(response);
    expect(String(response.headers['www-authenticate'])).toContain('linked to no customer');
  });

  it('lets a machine client with only order scopes see every order', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await api.authorizationWithScopes(['orders:read']) },
    });
    expect(response.statusCode).toBe(200);
    const ids = response.json<{ items: Array<{ id: string }> }>().items.map((order) => order.id);
    expect(ids).toEqual(expect.arrayContaining([aminasOrder.id, barakasOrder.id]));
  });

  it('treats a staff token as staff even when its subject is a customer’s', async () => {
    const staffAmina = await createCustomer(api, {
      name: 'Staff Twin',
      phone: '0711 000 003',
      subject: 'sokoni-dev',
    });
    const response = await api.inject({ method: 'GET', url: `/v1/orders/${barakasOrder.id}` });
    expect(response.statusCode).toBe(200);
    await api.inject({ method: 'DELETE', url: `/v1/customers/${staffAmina.id}` });
  });

  it('acts as the customer once linked, and loses access when unlinked', async () => {
    const before = await api.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await api.customerAuthorization('baraka') },
    });
    const seen = before.json<{ items: Array<{ id: string; customerId: string }> }>().items;
    expect(seen.map((o) => o.id)).toContain(barakasOrder.id);
    expect(seen.every((o) => o.customerId === baraka.id)).toBe(true);
    await api.inject({ method: 'PATCH', url: `/v1/customers/${baraka.id}`, payload: { subject: null } });
    const after = await api.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await api.customerAuthorization('baraka') },
    });
    expectForbidden(after);
  });
});
