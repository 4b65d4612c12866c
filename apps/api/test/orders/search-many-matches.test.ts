import { createDb, type OrderStatus, orderStatuses } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

// Past a thousand matches in an arm, a search walks the orders newest first instead of sorting
// every match (packages/db/src/repositories/order-search.ts). These searches match more than
// that in each arm, and are checked against the matches computed here from the written rows.
const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => db.close());

const CUSTOMERS = 1_100;
const ORDERS = 3_300;
const base = Date.UTC(2026, 3, 1);

interface Written {
  id: string;
  customer: number;
  item: string;
  status: OrderStatus;
  createdAt: number;
  line: string | undefined;
}

const customerNames = Array.from({ length: CUSTOMERS }, (_, n) =>
  n % 12 === 0 ? `Baraka ${n}` : `Neema Chao ${n}`,
);
const { rows: customerRows } = await db.pool.query<{ id: string }>(
  `INSERT INTO customers (code, name, phone)
   SELECT 'MANY-' || n, name, '+25479' || lpad(n::text, 7, '0')
   FROM unnest($1::text[]) WITH ORDINALITY AS given(name, n) ORDER BY n
   RETURNING id`,
  [customerNames],
);
const specs = Array.from({ length: ORDERS }, (_, n) => ({
  customer: (n * 7) % CUSTOMERS,
  item: n % 2 === 0 ? `Mafuta 1l (${n})` : 'Chumvi',
  status: orderStatuses[n % orderStatuses.length] as OrderStatus,
  // Pairs share an instant, so the id breaks ties.
  createdAt: base - Math.floor(n / 2) * 1000,
  line: n % 3 === 0 ? 'Jiko Okoa' : n % 3 === 1 ? 'Panga' : undefined,
}));
const { rows: orderRows } = await db.pool.query<{ id: string }>(
  `INSERT INTO orders (customer_id, item, amount, status, created_at, updated_at)
   SELECT customer_id, item, 100.00, status, created_at, created_at
   FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY
     AS given(customer_id, item, status, created_at, n)
   ORDER BY n
   RETURNING id`,
  [
    specs.map((spec) => customerRows[spec.customer]?.id),
    specs.map((spec) => spec.item),
    specs.map((spec) => spec.status),
    specs.map((spec) => new Date(spec.createdAt).toISOString()),
  ],
);
const written: Written[] = specs.map((spec, n) => ({ ...spec, id: orderRows[n]?.id ?? '' }));
await db.pool.query(
  `WITH product AS (
     INSERT INTO products (sku, name, price, currency, stock) VALUES ('MANY-P', 'Stove', 1.00, 'KES', 0) RETURNING id
   )
   INSERT INTO order_items (order_id, product_id, position, name, unit_price, quantity, line_total)
   SELECT order_id, product.id, 0, name, 1.00, 1, 1.00
   FROM product, unnest($1::uuid[], $2::text[]) AS given(order_id, name)`,
  [
    written.filter((order) => order.line).map((order) => order.id),
    written.flatMap((order) => (order.line ? [order.line] : [])),
  ],
);
await db.pool.query('ANALYZE customers, orders, order_items');

function expected(matches: (order: Written) => boolean, status?: OrderStatus): string[] {
  return written
    .filter((order) => matches(order) && (!status || order.status === status))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .map((order) => order.id);
}

/** Every page of the search, by its cursors. */
async function searchAll(q: string, extra = ''): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const url: string = `/v1/orders?limit=100&q=${encodeURIComponent(q)}${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await api.inject({ method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json<{ items: Array<{ id: string }>; nextCursor: string | null }>();
    seen.push(...page.items.map((order) => order.id));
    cursor = page.nextCursor;
    if (!cursor) {
      break;
    }
  }
  return seen;
}

const nameOf = (order: Written) => customerNames[order.customer] ?? '';

describe('GET /v1/orders?q= with more than a thousand matches', () => {
  it('finds every order by its item, newest first, page after page', async () => {
    const mafuta = expected((order) => order.item.startsWith('Mafuta'));
    expect(mafuta.length).toBeGreaterThan(1000);
    expect(await searchAll('MAFUTA 1L')).toEqual(mafuta);
  });

  it("finds every order by a line's product name, and with a status filter", async () => {
    const jiko = expected((order) => order.line === 'Jiko Okoa');
    expect(jiko.length).toBeGreaterThan(1000);
    expect(await searchAll('jiko okoa')).toEqual(jiko);
    // Every customer's name holds an "a": every shipped order matches.
    expect(await searchAll('a', '&status=shipped')).toEqual(expected(() => true, 'shipped'));
  });

  it('finds every order of the customers whose name matches, more than a thousand of them', async () => {
    const neema = expected((order) => nameOf(order).startsWith('Neema Chao'));
    expect(customerNames.filter((name) => name.startsWith('Neema Chao')).length).toBeGreaterThan(1000);
    expect(await searchAll('neema chao')).toEqual(neema);
    expect(await searchAll('neema chao 1', '&status=pending')).toEqual(
      expected((order) => nameOf(order).startsWith('Neema Chao 1'), 'pending'),
    );
  });

  it('sorts fewer matches out of the indexes: customers by name, orders by item', async () => {
    expect(await searchAll('chao 10')).toEqual(expected((order) => nameOf(order).includes('Chao 10')));
    expect(await searchAll('(2')).toEqual(expected((order) => order.item.includes('(2')));
  });
});
