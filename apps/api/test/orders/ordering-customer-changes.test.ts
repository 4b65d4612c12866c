import { createDb, customers, notifications } from '@sokoni/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

// The API keeps the customers it places orders for in memory (features/orders/ordering-customers.ts).
// These tests change a customer between two orders and check that the second SMS is written
// from the customer as it is now, never from what was kept.

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());

async function smsOf(orderId: string) {
  const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, orderId));
  return row;
}

describe('an order for a customer changed since the last order', () => {
  it('goes to the phone and name set through the API in between', async () => {
    const customer = await createCustomer(api, { name: 'Amina Wanjiru', phone: '0712 345 678' });
    const first = await createOrder(api, customer.id);
    expect((await smsOf(first.id))?.recipient).toBe('+254712345678');

    const patched = await api.inject({
      method: 'PATCH',
      url: `/v1/customers/${customer.id}`,
      payload: { name: 'Zawadi Otieno', phone: '0733 000 111' },
    });
    expect(patched.statusCode).toBe(200);
    const second = await createOrder(api, customer.id);
    const sms = await smsOf(second.id);
    expect(sms?.recipient).toBe('+254733000111');
    expect(sms?.body).toContain('Hi Zawadi');
  });

  it('follows a change made outside this API process (another replica, or by hand), locale included', async () => {
    const customer = await createCustomer(api, { name: 'Baraka Mwangi', phone: '0722 111 222' });
    await createOrder(api, customer.id);
    await db.db
      .update(customers)
      .set({ phone: '+254700999888', locale: 'sw', updatedAt: sql`now()` })
      .where(eq(customers.id, customer.id));
    const order = await createOrder(api, customer.id);
    const sms = await smsOf(order.id);
    expect(sms?.recipient).toBe('+254700999888');
    expect(sms?.body).toContain('Habari Baraka');
  });

  it('answers 422 for a customer deleted since its last order, and writes nothing', async () => {
    const customer = await createCustomer(api, { name: 'Neema Achieng', phone: '0711 222 333' });
    const first = await createOrder(api, customer.id);
    // A customer with orders cannot be deleted through the API; the row goes by hand, with its orders.
    await db.db.execute(sql`delete from notifications where customer_id = ${customer.id}`);
    await db.db.execute(sql`delete from orders where id = ${first.id}`);
    await db.db.delete(customers).where(eq(customers.id, customer.id));

    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      payload: { customerId: customer.id, item: 'Sukari 1kg', amount: '180' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ field: '/customerId' }] });
    const left = await db.db.execute(
      sql`select count(*)::int as n from orders where customer_id = ${customer.id}`,
    );
    expect(left.rows[0]).toEqual({ n: 0 });
  });
});
