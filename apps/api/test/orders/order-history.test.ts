import { createDb, notifications, orders } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { insertProduct, type OrderJson, orderProducts, stockOf } from '../support/order-products.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());
const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const baraka = await createCustomer(api, { name: 'Baraka Otieno', phone: '0711 000 002' });
const asAmina = { authorization: await api.customerAuthorization('amina') };

type EventPage = {
  items: Array<{ id: string; fromStatus: string | null; toStatus: string; actor: string; createdAt: string }>;
  nextCursor: string | null;
};

const move = (id: string, status: string) =>
  api.inject({ method: 'POST', url: `/v1/orders/${id}/status`, payload: { status } });

describe('GET /v1/orders/{id}/events', () => {
  it('lists every status change oldest first, with who made it, page by page', async () => {
    const order = await createOrder(api, amina.id);
    for (const status of ['confirmed', 'shipped', 'delivered']) {
      expect((await move(order.id, status)).statusCode).toBe(200);
    }
    const seen: EventPage['items'] = [];
    let url = `/v1/orders/${order.id}/events?limit=1`;
    for (;;) {
      const page = await api.inject({ method: 'GET', url });
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json<EventPage>();
      seen.push(...body.items);
      if (!body.nextCursor) {
        break;
      }
      url = `/v1/orders/${order.id}/events?limit=1&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    expect(seen.map((event) => [event.fromStatus, event.toStatus])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
      ['confirmed', 'shipped'],
      ['shipped', 'delivered'],
    ]);
    expect(new Set(seen.map((event) => event.actor))).toEqual(new Set(['sokoni-dev']));
    expect(new Set(seen.map((event) => event.id)).size).toBe(4);
    const all = (await api.inject({ method: 'GET', url: `/v1/orders/${order.id}/events` })).json<EventPage>();
    expect(all).toEqual({ items: seen, nextCursor: null });
  });

  it("is 404 for another customer's order and for none, as the order itself is", async () => {
    const barakas = await createOrder(api, baraka.id);
    const theirs = await api.app.inject({
      method: 'GET',
      url: `/v1/orders/${barakas.id}/events`,
      headers: asAmina,
    });
    expect(theirs.statusCode).toBe(404);
    const none = await api.inject({ method: 'GET', url: `/v1/orders/${crypto.randomUUID()}/events` });
    expect(none.statusCode).toBe(404);
    const own = await createOrder(api, amina.id);
    const mine = await api.app.inject({
      method: 'GET',
      url: `/v1/orders/${own.id}/events`,
      headers: asAmina,
    });
    expect(mine.statusCode).toBe(200);
  });

  it('refuses a cursor it did not hand out', async () => {
    const order = await createOrder(api, amina.id);
    const response = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}/events?cursor=bm9wZQ` });
    expect(response.statusCode).toBe(400);
  });
});

describe('DELETE /v1/orders/{id}', () => {
  it('cancels a pending order (204), keeps it, puts its stock back and tells the customer', async () => {
    const product = await insertProduct(db.db, { stock: 5 });
    const order = (
      await orderProducts(api, amina.id, [{ productId: product.id, quantity: 2 }])
    ).json<OrderJson>();
    const response = await api.app.inject({
      method: 'DELETE',
      url: `/v1/orders/${order.id}`,
      headers: asAmina,
    });
    expect(response.statusCode, response.body).toBe(204);
    expect(response.body).toBe('');
    const [row] = await db.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.status).toBe('cancelled');
    expect(await stockOf(db.db, product.id)).toBe(5);
    const sms = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    expect(sms.map((n) => n.trigger).sort()).toEqual(['order.created', 'order.status.cancelled']);
    const events = (
      await api.inject({ method: 'GET', url: `/v1/orders/${order.id}/events` })
    ).json<EventPage>();
    expect(events.items.at(-1)).toMatchObject({
      fromStatus: 'pending',
      toStatus: 'cancelled',
      actor: 'customer-amina',
    });
  });

  it('cancels a confirmed order for staff', async () => {
    const order = await createOrder(api, baraka.id);
    await move(order.id, 'confirmed');
    expect((await api.inject({ method: 'DELETE', url: `/v1/orders/${order.id}` })).statusCode).toBe(204);
  });

  it.each([
    ['shipped', ['confirmed', 'shipped']],
    ['delivered', ['confirmed', 'shipped', 'delivered']],
    ['cancelled', ['cancelled']],
  ])('answers 409 for a %s order and changes nothing', async (status, path) => {
    const order = await createOrder(api, baraka.id);
    for (const step of path) {
      await move(order.id, step);
    }
    const response = await api.inject({ method: 'DELETE', url: `/v1/orders/${order.id}` });
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const [row] = await db.db.select().from(orders).where(eq(orders.id, order.id));
    expect(row?.status).toBe(status);
  });

  it("is 404 for another customer's order", async () => {
    const order = await createOrder(api, baraka.id);
    const response = await api.app.inject({
      method: 'DELETE',
      url: `/v1/orders/${order.id}`,
      headers: asAmina,
    });
    expect(response.statusCode).toBe(404);
  });
});
