import { createDb, type OrderStatus } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';
import {
  averageCents,
  CURRENCIES,
  centsToMoney,
  type GeneratedOrder,
  insertOrders,
  type OrderSpec,
  STATUSES,
  seededRandom,
} from '../support/generated-orders.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());

const amina = await createCustomer(api, {
  name: 'Amina Wanjiru',
  phone: '0711 000 001',
  subject: 'customer-amina',
});
const baraka = await createCustomer(api, { name: 'Baraka Otieno', phone: '0711 000 002' });
const quiet = await createCustomer(api, { name: 'Neema Achieng', phone: '0711 000 003' });

const seed = 20_261_130;
const random = seededRandom(seed);
const start = Date.UTC(2026, 0, 1);

function generate(customerId: string, count: number): OrderSpec[] {
  return Array.from({ length: count }, () => ({
    customerId,
    // Any millisecond of 2026, so first and last are not the insert order.
    createdAt: new Date(start + random.int(0, 364 * 86_400_000)),
    currency: random.pick(CURRENCIES),
    status: random.pick(STATUSES),
    // 0.01 to 99 999.99: odd cents make averages that need rounding.
    cents: BigInt(random.int(1, 9_999_999)),
  }));
}

const aminasOrders = await insertOrders(db.db, [
  ...generate(amina.id, 80),
  // Every order in GBP cancelled: GBP brought nothing in and must not be listed.
  { customerId: amina.id, createdAt: new Date(start), currency: 'GBP', status: 'cancelled', cents: 5000n },
  // Averages that land exactly on half a cent: 0.01 + 0.02 → 0.015 → 0.02 (half-up).
  { customerId: amina.id, createdAt: new Date(start + 1), currency: 'EUR', status: 'delivered', cents: 1n },
  { customerId: amina.id, createdAt: new Date(start + 2), currency: 'EUR', status: 'pending', cents: 2n },
]);
await insertOrders(db.db, generate(baraka.id, 20));

/** The answer computed here from the generated rows, independently of the SQL. */
function expectedStats(customerId: string, rows: GeneratedOrder[]) {
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
  const perCurrency = new Map<string, { sum: bigint; count: bigint }>();
  for (const order of rows) {
    byStatus[order.status] += 1;
    if (order.status !== 'cancelled') {
      const entry = perCurrency.get(order.currency) ?? { sum: 0n, count: 0n };
      entry.sum += order.cents;
      entry.count += 1n;
      perCurrency.set(order.currency, entry);
    }
  }
  const times = rows.map((order) => order.createdAt.getTime());
  return {
    customerId,
    orderCount: rows.length,
    byStatus,
    totals: [...perCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, { sum, count }]) => ({
        currency,
        total: centsToMoney(sum),
        average: centsToMoney(averageCents(sum, count)),
      })),
    firstOrderAt: rows.length > 0 ? new Date(Math.min(...times)).toISOString() : null,
    lastOrderAt: rows.length > 0 ? new Date(Math.max(...times)).toISOString() : null,
  };
}

describe('GET /v1/customers/{id}/stats', () => {
  it('matches counts, totals and averages computed from the generated orders (seed in the name)', async () => {
    const response = await api.inject({ method: 'GET', url: `/v1/customers/${amina.id}/stats` });
    expect(response.statusCode, `seed ${seed}`).toBe(200);
    expect(response.json(), `seed ${seed}`).toEqual(expectedStats(amina.id, aminasOrders));
  });

  it('leaves cancelled orders out of the totals but counts them as orders', async () => {
    const stats = (await api.inject({ method: 'GET', url: `/v1/customers/${amina.id}/stats` })).json<{
      orderCount: number;
      byStatus: Record<string, number>;
      totals: Array<{ currency: string; total: string; average: string }>;
    }>();
    expect(stats.byStatus.cancelled).toBe(
      aminasOrders.filter((order) => order.status === 'cancelled').length,
    );
    expect(stats.orderCount).toBe(aminasOrders.length);
    expect(stats.totals.map((total) => total.currency)).not.toContain('GBP');
    expect(stats.totals.find((total) => total.currency === 'EUR')).toEqual({
      currency: 'EUR',
      total: '0.03',
      average: '0.02',
    });
  });

  it('answers zeros and nulls for a customer without orders', async () => {
    const response = await api.inject({ method: 'GET', url: `/v1/customers/${quiet.id}/stats` });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedStats(quiet.id, []));
  });

  it('moves with the orders: a status change is counted at once', async () => {
    const [order] = await insertOrders(db.db, [
      {
        customerId: quiet.id,
        createdAt: new Date(start),
        currency: 'KES',
        status: 'pending',
        cents: 12_345n,
      },
    ]);
    const cancel = await api.inject({ method: 'POST', url: `/v1/orders/${order?.id}/cancel` });
    expect(cancel.statusCode).toBe(200);
    const stats = (await api.inject({ method: 'GET', url: `/v1/customers/${quiet.id}/stats` })).json();
    expect(stats).toMatchObject({ orderCount: 1, byStatus: { pending: 0, cancelled: 1 }, totals: [] });
  });

  it("shows a customer's own token its own stats and 404 for anyone else's", async () => {
    const asAmina = { authorization: await api.customerAuthorization('amina') };
    const own = await api.app.inject({
      method: 'GET',
      url: `/v1/customers/${amina.id}/stats`,
      headers: asAmina,
    });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toEqual(expectedStats(amina.id, aminasOrders));
    const other = await api.app.inject({
      method: 'GET',
      url: `/v1/customers/${baraka.id}/stats`,
      headers: asAmina,
    });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('orderCount');
  });

  it('is 404 for an unknown customer and 403 without orders:read', async () => {
    const unknown = await api.inject({
      method: 'GET',
      url: '/v1/customers/00000000-0000-4000-8000-000000000000/stats',
    });
    expect(unknown.statusCode).toBe(404);
    const noScope = await api.app.inject({
      method: 'GET',
      url: `/v1/customers/${amina.id}/stats`,
      headers: { authorization: await api.authorizationWithScopes(['customers:read']) },
    });
    expect(noScope.statusCode).toBe(403);
  });
});
