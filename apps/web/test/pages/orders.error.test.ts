import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCatalogue, seedCustomer, seedOrder } from '../support/shop-data.ts';
import { browserOf, inputValue, orderThroughShop, startWebWithApi } from '../support/web-with-api.ts';

// What the orders pages refuse, and how they say so: a second cancel (the API's own words), an
// order of another customer (exactly like one that does not exist), and ordering an empty basket.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
let amina: ReturnType<typeof browserOf>;

beforeAll(async () => {
  context = await startWebWithApi();
  catalogue = await seedCatalogue(context.api.db);
  await seedCustomer(context.api.db, {
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    subject: 'customer-amina',
  });
  amina = browserOf(context.web, await signIn(context.web, 'amina'));
});

const statusOf = async (id: string) =>
  (await context.api.db.pool.query<{ status: string }>('select status from orders where id = $1', [id]))
    .rows[0]?.status;

describe('cancelling', () => {
  it('refuses a second cancel with the API’s reason, and the order stays cancelled once', async () => {
    const id = await orderThroughShop(amina, catalogue.unga.id, 1);
    expect((await amina.post(`/orders/${id}/cancel`)).status).toBe(303);

    const again = await amina.post(`/orders/${id}/cancel`);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('The order was not cancelled');
    expect(html).toContain('customers may only cancel their own pending orders');
    expect(html).toContain(`href="/orders/${id}"`);
    expect(await statusOf(id)).toBe('cancelled');
    const events = await context.api.db.pool.query(
      'select 1 from order_events where order_id = $1 and to_status = $2',
      [id, 'cancelled'],
    );
    expect(events.rowCount).toBe(1);
  });

  it('answers 404 for an id that is not one', async () => {
    const response = await amina.post('/orders/not-an-id/cancel');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('Order not found');
  });
});

describe('another customer’s order', () => {
  it('answers 404 as if it did not exist, and cannot be cancelled', async () => {
    const chebet = await seedCustomer(context.api.db, { name: 'Chebet Kiprono', phone: '+254734567890' });
    const theirs = await seedOrder(context.api.db, chebet.id);

    const page = await amina.get(`/orders/${theirs.id}`);
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('There is no such order among yours.');
    expect(html).not.toContain(theirs.number);
    const missing = await amina.get('/orders/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect((await amina.get('/orders/not-an-id')).status).toBe(404);

    expect((await amina.post(`/orders/${theirs.id}/cancel`)).status).toBe(404);
    expect(await statusOf(theirs.id)).toBe('pending');
    expect(await (await amina.get('/orders')).text()).not.toContain(theirs.number);
  });
});

describe('ordering', () => {
  it('refuses an empty basket and places nothing', async () => {
    const before = (await context.api.db.pool.query('select 1 from orders')).rowCount;
    const review = await (await amina.get('/shop/review')).text();
    expect(review).toContain('Your basket is empty.');
    const response = await amina.post('/shop/order', { idempotencyKey: 'not-a-uuid' });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('Your basket is empty');
    expect((await context.api.db.pool.query('select 1 from orders')).rowCount).toBe(before);
  });

  it('shows the API’s refusal when the stock is short, and keeps the basket', async () => {
    await context.api.db.pool.query('update products set stock = 1 where id = $1', [catalogue.maize.id]);
    await amina.post('/shop/basket', { productId: catalogue.maize.id, quantity: '5' });
    const review = await (await amina.get('/shop/review')).text();
    const response = await amina.post('/shop/order', {
      idempotencyKey: inputValue(review, 'idempotencyKey'),
    });
    expect(response.status).toBe(409);
    expect(await response.text()).toMatch(
      /<div class="problem" role="alert">[\s\S]*not enough stock of Unga wa mahindi 2kg[^<]*5 ordered, 1 left/,
    );
    expect(await (await amina.get('/shop/review')).text()).toContain(
      '<td>Unga wa mahindi 2kg</td><td class="num">5</td>',
    );
  });
});
