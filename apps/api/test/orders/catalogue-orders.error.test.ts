import { createDb, notifications, orders } from '@sokoni/db';
import { count } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';
import { insertProduct, orderProducts, stockOf } from '../support/order-products.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api);

async function written() {
  const [o] = await db.db.select({ n: count() }).from(orders);
  const [n] = await db.db.select({ n: count() }).from(notifications);
  return { orders: o?.n, notifications: n?.n };
}

describe('orders from the catalogue: refused', () => {
  it('answers 409 naming the product when its stock is short, and writes nothing, not even the other lines', async () => {
    const plenty = await insertProduct(db.db, { name: 'Unga 2kg', stock: 50 });
    const scarce = await insertProduct(db.db, { name: 'Mafuta 1l', stock: 2 });
    const before = await written();
    const response = await orderProducts(api, customer.id, [
      { productId: plenty.id, quantity: 5 },
      { productId: scarce.id, quantity: 3 },
    ]);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      productId: scarce.id,
      name: 'Mafuta 1l',
      requested: 3,
      available: 2,
      errors: [{ field: '/items/1/quantity' }],
    });
    expect(response.json().detail).toContain('Mafuta 1l');
    expect(await written()).toEqual(before);
    expect(await stockOf(db.db, plenty.id)).toBe(50);
    expect(await stockOf(db.db, scarce.id)).toBe(2);
  });

  it.each([
    ['an unknown product', async () => ({ id: crypto.randomUUID(), name: undefined })],
    ['an inactive product', async () => insertProduct(db.db, { name: 'Old stock', active: false })],
  ])('answers 422 naming %s', async (_name, make) => {
    const known = await insertProduct(db.db);
    const product = await make();
    const before = await written();
    const response = await orderProducts(api, customer.id, [
      { productId: known.id, quantity: 1 },
      { productId: product.id, quantity: 1 },
    ]);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().errors).toEqual([{ field: '/items/1/productId', message: expect.any(String) }]);
    expect(response.json().detail).toContain(product.id);
    expect(await written()).toEqual(before);
    expect(await stockOf(db.db, known.id)).toBe(100);
  });

  it('answers 422 when the products are priced in different currencies', async () => {
    const shillings = await insertProduct(db.db, { currency: 'KES' });
    const dollars = await insertProduct(db.db, { currency: 'USD', price: '12.00' });
    const response = await orderProducts(api, customer.id, [
      { productId: shillings.id, quantity: 1 },
      { productId: dollars.id, quantity: 1 },
    ]);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().detail).toMatch(/one currency/);
    expect(await stockOf(db.db, shillings.id)).toBe(100);
  });

  it('answers 422 for an order of free products only (an order costs something)', async () => {
    const gift = await insertProduct(db.db, { price: '0.00' });
    const response = await orderProducts(api, customer.id, [{ productId: gift.id, quantity: 1 }]);
    expect(response.statusCode, response.body).toBe(422);
  });

  it('answers 422 for an unknown customer, taking no stock', async () => {
    const product = await insertProduct(db.db);
    const response = await orderProducts(api, crypto.randomUUID(), [{ productId: product.id, quantity: 1 }]);
    expect(response.statusCode, response.body).toBe(422);
    expect(await stockOf(db.db, product.id)).toBe(100);
  });

  it.each([
    ['no lines', { items: [] }, 'items'],
    ['a quantity of 0', { items: [{ productId: crypto.randomUUID(), quantity: 0 }] }, 'items/0/quantity'],
    [
      'lines and a free-text item',
      { items: [{ productId: crypto.randomUUID(), quantity: 1 }], item: 'x' },
      'item',
    ],
    [
      'lines and an amount',
      { items: [{ productId: crypto.randomUUID(), quantity: 1 }], amount: '5' },
      'amount',
    ],
    ['notes over 1000 characters', { item: 'Sukari', amount: '100', notes: 'x'.repeat(1001) }, 'notes'],
  ])('rejects %s with 400 naming the field', async (_name, body, field) => {
    const before = await written();
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: customer.id, ...body },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await written()).toEqual(before);
  });
});
