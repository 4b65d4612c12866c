import { createDb } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { insertOrders } from '../support/generated-orders.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());

const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const zawadi = await createCustomer(api, { name: 'Zawadi Mwende', phone: '0711 000 002', code: 'DUKA-7731' });
const blueBand = await createOrder(api, zawadi.id, { item: 'Blue Band 500g' });
const aminasUnga = await createOrder(api, amina.id, { item: 'Unga wa Ngano 2kg' });
const zawadisUnga = await createOrder(api, zawadi.id, { item: 'Unga wa Ngano 2kg' });
const discount = await createOrder(api, zawadi.id, { item: 'Sabuni 50% off' });
const [phoneOrder] = await insertOrders(db.db, [
  {
    customerId: amina.id,
    createdAt: new Date(),
    currency: 'KES',
    status: 'pending',
    cents: 1_899_900n,
    item: 'Simu and 1 more',
    lines: [
      { name: 'Tecno Spark 20', quantity: 1 },
      { name: 'Phone cover', quantity: 2 },
    ],
  },
]);

async function search(q: string, options: { authorization?: string; extra?: string } = {}) {
  const url = `/v1/orders?limit=100&q=${encodeURIComponent(q)}${options.extra ?? ''}`;
  const response = options.authorization
    ? await api.app.inject({ method: 'GET', url, headers: { authorization: options.authorization } })
    : await api.inject({ method: 'GET', url });
  expect(response.statusCode, response.body).toBe(200);
  return response
    .json<{ items: Array<{ id: string }>; nextCursor: string | null }>()
    .items.map((order) => order.id);
}

describe('GET /v1/orders?q=', () => {
  it('finds an order by its number, whole or in part, in any case', async () => {
    expect(await search(blueBand.number)).toEqual([blueBand.id]);
    expect(await search(blueBand.number.toLowerCase())).toEqual([blueBand.id]);
    const digits = blueBand.number.replace(/^ORD-0*/, '');
    expect(await search(`-${'0'.repeat(blueBand.number.length - 4 - digits.length)}${digits}`)).toContain(
      blueBand.id,
    );
  });

  it('finds orders by their item', async () => {
    expect(await search('blue band')).toEqual([blueBand.id]);
    expect(await search('ngano')).toEqual([zawadisUnga.id, aminasUnga.id]);
  });

  it("finds an order by a line's product name", async () => {
    expect(await search('tecno spark')).toEqual([phoneOrder?.id]);
    expect(await search('COVER')).toEqual([phoneOrder?.id]);
  });

  it("finds a customer's orders by the customer's name or code", async () => {
    const zawadis = [discount.id, zawadisUnga.id, blueBand.id];
    expect(await search('zawadi')).toEqual(zawadis);
    expect(await search('mwende')).toEqual(zawadis);
    expect(await search('duka-7731')).toEqual(zawadis);
  });

  it('takes LIKE wildcards literally and finds nothing for what no order holds', async () => {
    expect(await search('50%')).toEqual([discount.id]);
    expect(await search('%')).toEqual([discount.id]);
    expect(await search('_')).toEqual([]);
    expect(await search('mkate')).toEqual([]);
  });

  it('combines with the other filters', async () => {
    expect(await search('ngano', { extra: `&customerId=${amina.id}` })).toEqual([aminasUnga.id]);
    expect(await search('ngano', { extra: '&status=confirmed' })).toEqual([]);
  });

  it("shows a customer's own token only its own matches", async () => {
    const asAmina = await api.customerAuthorization('amina');
    expect(await search('ngano', { authorization: asAmina })).toEqual([aminasUnga.id]);
    expect(await search('zawadi', { authorization: asAmina })).toEqual([]);
    expect(await search(blueBand.number, { authorization: asAmina })).toEqual([]);
    expect(await search('amina', { authorization: asAmina })).toEqual([phoneOrder?.id, aminasUnga.id]);
  });

  it('pages through the matches with keyset cursors: each once, newest first', async () => {
    const customer = await createCustomer(api, { name: 'Pendo Kerubo', phone: '0711 000 003' });
    // Same created_at for some of them: the id breaks the tie, so no order is skipped or repeated.
    const sameInstant = new Date();
    const written = await insertOrders(
      db.db,
      Array.from({ length: 23 }, (_, n) => ({
        customerId: customer.id,
        createdAt: n % 3 === 0 ? sameInstant : new Date(sameInstant.getTime() - n * 1000),
        currency: 'KES',
        status: 'pending' as const,
        cents: 10_000n,
        item: `Kerosene ${n}l`,
      })),
    );
    await createOrder(api, customer.id, { item: 'Mchele 5kg' });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/orders?limit=10&q=kerosene${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await api.inject({ method: 'GET', url })).json<{
        items: Array<{ id: string; createdAt: string }>;
        nextCursor: string | null;
      }>();
      seen.push(...page.items.map((order) => order.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    const newestFirst = [...written]
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((order) => order.id);
    expect(seen).toEqual(newestFirst);
  });

  it('takes an empty q as no filter, as every filter, and refuses an overlong one', async () => {
    const everything = await api.inject({ method: 'GET', url: '/v1/orders?q=&limit=100' });
    expect(everything.json<{ items: unknown[] }>().items.length).toBeGreaterThan(20);
    expect((await api.inject({ method: 'GET', url: `/v1/orders?q=${'x'.repeat(101)}` })).statusCode).toBe(
      400,
    );
  });
});
