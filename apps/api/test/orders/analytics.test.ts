import { createDb, type OrderStatus } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';
import {
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

const DAY = 86_400_000;
const seed = 11_052_026;
const random = seededRandom(seed);
const customers: Array<Awaited<ReturnType<typeof createCustomer>>> = [];
for (let n = 1; n <= 14; n++) {
  customers.push(await createCustomer(api, { name: `Buyer ${n}`, phone: `0711 000 ${String(100 + n)}` }));
}
const ITEMS = ['Sukari 1kg', 'Unga 2kg', 'Maziwa 1l', 'Chai 250g', 'Mchele 5kg', 'Sabuni', 'Mafuta 1l'];
const PRODUCTS = ['Tecno Spark', 'Infinix Hot', 'Kitenge', 'Jiko', 'Solar lamp', 'Radio', 'Blanket'];

// Around the turn of February 2026 (Sunday 1 February; Monday 26 January and 2 February start
// weeks), with orders exactly on bucket boundaries and a millisecond either side of them.
const windowStart = Date.UTC(2026, 0, 20);
const windowEnd = Date.UTC(2026, 2, 10);
const boundaries = [
  Date.UTC(2026, 0, 26),
  Date.UTC(2026, 1, 1),
  Date.UTC(2026, 1, 2),
  Date.UTC(2026, 2, 1),
  Date.UTC(2026, 2, 2),
];

function spec(createdAt: number): OrderSpec {
  const catalogue = random.next() < 0.4;
  return {
    customerId: random.pick(customers).id,
    createdAt: new Date(createdAt),
    currency: random.pick(CURRENCIES),
    status: random.pick(STATUSES),
    cents: BigInt(random.int(1, 5_000_000)),
    ...(catalogue
      ? {
          lines: [...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(PRODUCTS)))].map(
            (name) => ({ name, quantity: random.int(1, 4) }),
          ),
        }
      : { item: random.pick(ITEMS), quantity: random.int(1, 5) }),
  };
}

const generated = await insertOrders(db.db, [
  ...Array.from({ length: 260 }, () => spec(windowStart + random.int(0, windowEnd - windowStart - 1))),
  ...boundaries.flatMap((at) => [spec(at - 1), spec(at), spec(at + 1)]),
]);

type Interval = 'day' | 'week' | 'month';

/** The bucket's start, by calendar arithmetic in UTC written here, not taken from the API. */
function bucketOf(at: number, interval: Interval): number {
  const date = new Date(at);
  if (interval === 'month') {
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return interval === 'day' ? midnight : midnight - ((date.getUTCDay() + 6) % 7) * DAY;
}

function nextBucket(start: number, interval: Interval): number {
  if (interval === 'month') {
    const date = new Date(start);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return start + (interval === 'day' ? DAY : 7 * DAY);
}

const byCurrency = (sums: Map<string, bigint>, key: 'amount') =>
  [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, cents]) => ({ currency, [key]: centsToMoney(cents) }));

function add(sums: Map<string, bigint>, order: GeneratedOrder) {
  sums.set(order.currency, (sums.get(order.currency) ?? 0n) + order.cents);
}

function expectedAnalytics(rows: GeneratedOrder[], from: number, to: number, interval: Interval) {
  const inRange = rows.filter((order) => order.createdAt.getTime() >= from && order.createdAt.getTime() < to);
  const counted = inRange.filter((order) => order.status !== 'cancelled');
  const buckets = [];
  for (let start = bucketOf(from, interval); start < to; start = nextBucket(start, interval)) {
    const end = nextBucket(start, interval);
    const inBucket = inRange.filter(
      (order) => order.createdAt.getTime() >= start && order.createdAt.getTime() < end,
    );
    const revenue = new Map<string, bigint>();
    for (const order of inBucket.filter((order) => order.status !== 'cancelled')) {
      add(revenue, order);
    }
    buckets.push({
      start: new Date(start).toISOString(),
      orders: inBucket.length,
      revenue: byCurrency(revenue, 'amount'),
    });
  }
  const byStatus = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
  for (const order of inRange) {
    byStatus[order.status] += 1;
  }
  const perCustomer = new Map<string, { orders: number; revenue: Map<string, bigint> }>();
  const perItem = new Map<string, { quantity: number; orders: number }>();
  for (const order of counted) {
    const entry = perCustomer.get(order.customerId) ?? { orders: 0, revenue: new Map() };
    entry.orders += 1;
    add(entry.revenue, order);
    perCustomer.set(order.customerId, entry);
    const units = order.lines.length > 0 ? order.lines : [{ name: order.item, quantity: order.quantity }];
    for (const unit of units) {
      const item = perItem.get(unit.name) ?? { quantity: 0, orders: 0 };
      item.quantity += unit.quantity;
      item.orders += 1;
      perItem.set(unit.name, item);
    }
  }
  const topCustomers = [...perCustomer.entries()]
    .sort(([idA, a], [idB, b]) => b.orders - a.orders || (idA < idB ? -1 : 1))
    .slice(0, 10)
    .map(([customerId, entry]) => {
      const customer = customers.find((candidate) => candidate.id === customerId);
      return {
        customerId,
        code: customer?.code,
        name: customer?.name,
        orders: entry.orders,
        revenue: byCurrency(entry.revenue, 'amount'),
      };
    });
  const topItems = [...perItem.entries()]
    .sort(([nameA, a], [nameB, b]) => b.quantity - a.quantity || (nameA < nameB ? -1 : 1))
    .slice(0, 10)
    .map(([name, entry]) => ({ name, ...entry }));
  return { buckets, byStatus, topCustomers, topItems };
}

function analytics(query: string, authorization?: string) {
  const url = `/v1/orders/analytics?${query}`;
  return authorization
    ? api.app.inject({ method: 'GET', url, headers: { authorization } })
    : api.inject({ method: 'GET', url });
}

describe('GET /v1/orders/analytics', () => {
  const ranges: Array<{ from: number; to: number; interval: Interval }> = [
    // Ends and starts inside buckets: the first and last buckets count only [from, to).
    { from: Date.UTC(2026, 0, 24, 10, 30), to: Date.UTC(2026, 1, 3, 12), interval: 'day' },
    { from: Date.UTC(2026, 0, 21, 7), to: Date.UTC(2026, 2, 4, 18), interval: 'week' },
    { from: windowStart, to: windowEnd, interval: 'month' },
    // Exactly on boundaries: an order at `to` is out, one at `from` is in.
    { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1), interval: 'day' },
    { from: Date.UTC(2026, 0, 26), to: Date.UTC(2026, 2, 2), interval: 'week' },
    { from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 2, 1), interval: 'month' },
  ];
  for (const { from, to, interval } of ranges) {
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    it(`matches the generated orders by ${interval} from ${fromIso} to ${toIso} (seed ${seed})`, async () => {
      const response = await analytics(
        `from=${encodeURIComponent(fromIso)}&to=${encodeURIComponent(toIso)}&interval=${interval}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual(expectedAnalytics(generated, from, to, interval));
    });
  }

  it('uses UTC whatever offset the query is written in', async () => {
    const response = await analytics(
      `from=${encodeURIComponent('2026-02-01T03:00:00+03:00')}&to=2026-02-03&interval=day`,
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      expectedAnalytics(generated, Date.UTC(2026, 1, 1), Date.UTC(2026, 1, 3), 'day'),
    );
  });

  it('lists every bucket, empty ones too, and defaults to 30 days by day up to now', async () => {
    const empty = await analytics('from=2030-01-01&to=2030-01-08&interval=day');
    expect(empty.json()).toEqual(expectedAnalytics([], Date.UTC(2030, 0, 1), Date.UTC(2030, 0, 8), 'day'));
    const recent = (await analytics('')).json<{ buckets: Array<{ start: string }> }>();
    expect(recent.buckets.length).toBeGreaterThanOrEqual(30);
    expect(recent.buckets.length).toBeLessThanOrEqual(31);
    expect(recent.buckets.at(-1)?.start).toBe(new Date(bucketOf(Date.now(), 'day')).toISOString());
  });

  it('refuses with 400 a range of more than 366 buckets, or one that ends before it starts', async () => {
    expect((await analytics('from=2024-01-01&to=2025-01-01&interval=day')).statusCode).toBe(200);
    const tooMany = await analytics(
      `from=2024-01-01&to=${encodeURIComponent('2025-01-01T00:00:00.001Z')}&interval=day`,
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ errors: [{ field: 'query/interval' }] });
    expect((await analytics('from=1990-01-01&to=2026-01-01&interval=month')).statusCode).toBe(400);
    expect((await analytics('from=2026-01-02&to=2026-01-01')).statusCode).toBe(400);
    expect((await analytics('from=2026-01-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await analytics('interval=year')).statusCode).toBe(400);
  });

  it('needs analytics:read, which customer logins do not get', async () => {
    const noScope = await analytics('', await api.authorizationWithScopes(['orders:read']));
    expect(noScope.statusCode).toBe(403);
    const withScope = await analytics('', await api.authorizationWithScopes(['analytics:read']));
    expect(withScope.statusCode).toBe(200);
    const customer = await analytics('', await api.customerAuthorization('amina'));
    expect(customer.statusCode).toBe(403);
  });
});
