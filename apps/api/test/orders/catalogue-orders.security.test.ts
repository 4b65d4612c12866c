import { createDb, orders } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { insertProduct, type OrderJson, orderProducts } from '../support/order-products.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());
// apps/idp's demo customer Amina: her `sub` links her login to this row.
const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const asAmina = await api.customerAuthorization('amina');
const product = await insertProduct(db.db, { name: 'Chai 250g', price: '120.00' });

function asAminaDo(options: { method: 'POST' | 'PATCH'; url: string; payload: object }) {
  return api.app.inject({ ...options, headers: { authorization: asAmina } });
}

describe("a customer's own token cannot set a price", () => {
  it('is refused a free-text order (403, nothing written)', async () => {
    const response = await asAminaDo({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: amina.id, item: 'Chai 250g', amount: '1.00' },
    });
    expect(response.statusCode, response.body).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toMatch(/catalogue/);
    expect(await db.db.select().from(orders).where(eq(orders.customerId, amina.id))).toEqual([]);
  });

  it('orders from the catalogue at its price', async () => {
    const response = await orderProducts(api, amina.id, [{ productId: product.id, quantity: 2 }], {
      authorization: asAmina,
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ amount: '240.00', items: [{ unitPrice: '120.00' }] });
  });

  it.each([
    ['amount', { amount: '1.00' }],
    ['item', { item: 'Something else' }],
    ['quantity', { quantity: 50 }],
    ['amount beside notes', { amount: '1.00', notes: 'cheaper please' }],
  ])('is refused a PATCH of the %s (403, nothing changed)', async (_name, patch) => {
    const placed = (
      await orderProducts(api, amina.id, [{ productId: product.id, quantity: 1 }], { authorization: asAmina })
    ).json<OrderJson>();
    const response = await asAminaDo({ method: 'PATCH', url: `/v1/orders/${placed.id}`, payload: patch });
    expect(response.statusCode, response.body).toBe(403);
    const [row] = await db.db.select().from(orders).where(eq(orders.id, placed.id));
    expect(row).toMatchObject({ amount: '120.00', item: 'Chai 250g', quantity: 1, notes: null });
  });

  it('may change the notes of its pending order, and clear them, but not once it is confirmed', async () => {
    const placed = (
      await orderProducts(api, amina.id, [{ productId: product.id, quantity: 1 }], { authorization: asAmina })
    ).json<OrderJson>();
    const noted = await asAminaDo({
      method: 'PATCH',
      url: `/v1/orders/${placed.id}`,
      payload: { notes: 'gate B' },
    });
    expect(noted.statusCode, noted.body).toBe(200);
    expect(noted.json()).toMatchObject({
      notes: 'gate B',
      amount: '120.00',
      items: [{ productId: product.id }],
    });
    const cleared = await asAminaDo({
      method: 'PATCH',
      url: `/v1/orders/${placed.id}`,
      payload: { notes: null },
    });
    expect(cleared.json()).toMatchObject({ notes: null });
    await api.inject({
      method: 'POST',
      url: `/v1/orders/${placed.id}/status`,
      payload: { status: 'confirmed' },
    });
    const late = await asAminaDo({
      method: 'PATCH',
      url: `/v1/orders/${placed.id}`,
      payload: { notes: 'x' },
    });
    expect(late.statusCode).toBe(409);
  });
});

describe('staff', () => {
  it('keep free-text orders and may change their terms, but not the terms of a catalogue order', async () => {
    const freeText = await createOrder(api, amina.id);
    const changed = await api.inject({
      method: 'PATCH',
      url: `/v1/orders/${freeText.id}`,
      payload: { amount: '99.00' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ amount: '99.00', items: [] });

    const fromCatalogue = (
      await orderProducts(api, amina.id, [{ productId: product.id, quantity: 1 }])
    ).json<OrderJson>();
    const refused = await api.inject({
      method: 'PATCH',
      url: `/v1/orders/${fromCatalogue.id}`,
      payload: { amount: '1.00' },
    });
    expect(refused.statusCode).toBe(409);
    const noted = await api.inject({
      method: 'PATCH',
      url: `/v1/orders/${fromCatalogue.id}`,
      payload: { notes: 'call first' },
    });
    expect(noted.json()).toMatchObject({ notes: 'call first', amount: '120.00' });
  });
});
