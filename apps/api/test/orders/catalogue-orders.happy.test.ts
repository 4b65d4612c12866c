import { createDb, notifications, orderEvents, orderItems, products } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { insertProduct, type OrderJson, orderProducts, stockOf } from '../support/order-products.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api, { name: 'Amina Wanjiru', phone: '0712 345 678' });

describe('orders from the catalogue', () => {
  it('prices each line from the catalogue, takes the stock, and answers with the lines', async () => {
    const kitenge = await insertProduct(db.db, { name: 'Kitenge fabric', price: '850.00', stock: 10 });
    const sukari = await insertProduct(db.db, { name: 'Sukari 1kg', price: '180.50', stock: 4 });
    const response = await orderProducts(
      api,
      customer.id,
      [
        { productId: kitenge.id, quantity: 2 },
        { productId: sukari.id, quantity: 1 },
      ],
      { notes: 'deliver after 5 pm' },
    );
    expect(response.statusCode, response.body).toBe(201);
    const order = response.json<OrderJson>();
    expect(order).toMatchObject({
      customerId: customer.id,
      item: '2 x Kitenge fabric, Sukari 1kg',
      quantity: 3,
      amount: '1880.50',
      currency: 'KES',
      status: 'pending',
      notes: 'deliver after 5 pm',
      items: [
        {
          productId: kitenge.id,
          name: 'Kitenge fabric',
          unitPrice: '850.00',
          quantity: 2,
          lineTotal: '1700.00',
        },
        { productId: sukari.id, name: 'Sukari 1kg', unitPrice: '180.50', quantity: 1, lineTotal: '180.50' },
      ],
    });
    expect(response.headers.location).toBe(`/v1/orders/${order.id}`);
    expect(await stockOf(db.db, kitenge.id)).toBe(8);
    expect(await stockOf(db.db, sukari.id)).toBe(3);

    const lines = await db.db.select().from(orderItems).where(eq(orderItems.orderId, order.id));
    expect(lines.map((line) => [line.position, line.lineTotal]).sort()).toEqual([
      [0, '1700.00'],
      [1, '180.50'],
    ]);
    const [sms] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    expect(sms?.body).toBe(
      `Sokoni: Hi Amina, we received order ${order.number}: 2 x Kitenge fabric, Sukari 1kg, KES 1880.50.`,
    );
    const events = await db.db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id));
    expect(events).toMatchObject([{ fromStatus: null, toStatus: 'pending' }]);

    const read = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ ...order, createdAt: expect.any(String), updatedAt: expect.any(String) });
  });

  it('keeps the price and name each line was placed at when the catalogue changes', async () => {
    const unga = await insertProduct(db.db, { name: 'Unga 2kg', price: '230.00' });
    const placed = (
      await orderProducts(api, customer.id, [{ productId: unga.id, quantity: 3 }])
    ).json<OrderJson>();
    await db.db
      .update(products)
      .set({ price: '260.00', name: 'Unga 2kg (new pack)' })
      .where(eq(products.id, unga.id));

    const read = (await api.inject({ method: 'GET', url: `/v1/orders/${placed.id}` })).json<OrderJson>();
    expect(read.amount).toBe('690.00');
    expect(read.items).toEqual([
      { productId: unga.id, name: 'Unga 2kg', unitPrice: '230.00', quantity: 3, lineTotal: '690.00' },
    ]);
    // The next order sees the new price, although this replica read the old one before.
    const next = (
      await orderProducts(api, customer.id, [{ productId: unga.id, quantity: 1 }])
    ).json<OrderJson>();
    expect(next).toMatchObject({ amount: '260.00', item: 'Unga 2kg (new pack)' });
  });

  it('merges a product listed twice into one line', async () => {
    const chai = await insertProduct(db.db, { name: 'Chai 250g', price: '120.00', stock: 5 });
    const maziwa = await insertProduct(db.db, { name: 'Maziwa 1l', price: '65.00', stock: 5 });
    const response = await orderProducts(api, customer.id, [
      { productId: chai.id, quantity: 1 },
      { productId: maziwa.id, quantity: 1 },
      { productId: chai.id, quantity: 2 },
    ]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<OrderJson>().items).toMatchObject([
      { productId: chai.id, quantity: 3, lineTotal: '360.00' },
      { productId: maziwa.id, quantity: 1 },
    ]);
    expect(await stockOf(db.db, chai.id)).toBe(2);
  });

  it('names the first lines of a long order and counts the rest', async () => {
    const many = await Promise.all(
      ['Mchele', 'Maharage', 'Ndizi', 'Nyanya', 'Vitunguu'].map((name) =>
        insertProduct(db.db, { name, price: '10' }),
      ),
    );
    const response = await orderProducts(
      api,
      customer.id,
      many.map((product) => ({ productId: product.id, quantity: 1 })),
    );
    expect(response.json<OrderJson>()).toMatchObject({
      item: 'Mchele, Maharage, Ndizi (+2)',
      amount: '50.00',
    });
  });

  it('answers about a free-text order with no lines, and keeps its notes', async () => {
    const placed = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: customer.id, item: 'Mkaa 1 gunia', amount: '1200', notes: 'gate B' },
    });
    expect(placed.statusCode).toBe(201);
    expect(placed.json()).toMatchObject({ items: [], notes: 'gate B' });
    const read = await api.inject({ method: 'GET', url: `/v1/orders/${placed.json<OrderJson>().id}` });
    expect(read.json()).toMatchObject({ items: [], notes: 'gate B' });
    const plain = await createOrder(api, customer.id);
    const list = await api.inject({ method: 'GET', url: '/v1/orders?limit=100' });
    expect(list.json<{ items: OrderJson[] }>().items.find((o) => o.id === plain.id)).toMatchObject({
      notes: null,
    });
  });
});
