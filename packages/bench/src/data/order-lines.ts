import type pg from 'pg';

const PRODUCTS = [
  'Tecno Spark 20',
  'Infinix Hot 40',
  'Samsung A15',
  'Solar lamp',
  'Jiko ya mkaa',
  'Kitenge 6 yards',
  'Blanket double',
  'Radio FM',
  'Thermos 2l',
  'Sufuria set',
  'Panga',
  'Gumboots',
  'School bag',
  'Umbrella',
  'Torch',
  'Mosquito net',
  'Water tank 100l',
  'Bicycle tyre',
  'Phone cover',
  'Power bank',
];

/** A product name the search finds in the lines of about one order in forty. */
export const SEARCHED_PRODUCT = 'Tecno Spark';

/**
 * Gives about one order in four (those `loadCustomersAndOrders` wrote) two catalogue lines of
 * twenty products, as orders placed from the catalogue have, then vacuums, as autovacuum would
 * after a bulk insert: the visibility map is what lets a scan skip the heap.
 */
export async function loadOrderLines(pool: pg.Pool): Promise<void> {
  await pool.query(
    `INSERT INTO products (sku, name, price, currency, stock)
     SELECT 'BULK-P' || p, ($1::text[])[p], 100.00 * p, 'KES', 0 FROM generate_series(1, $2::int) AS p`,
    [PRODUCTS, PRODUCTS.length],
  );
  await pool.query(
    `INSERT INTO order_items (order_id, product_id, position, name, unit_price, quantity, line_total)
     SELECT o.id, p.id, k - 1, p.name, p.price, k, p.price * k
     FROM orders o
     CROSS JOIN generate_series(1, 2) AS k
     JOIN products p ON p.sku = 'BULK-P' || (1 + (abs(hashtext(o.number)) / 4 + k) % $1::int)
     WHERE abs(hashtext(o.number)) % 4 = 0`,
    [PRODUCTS.length],
  );
  await pool.query('VACUUM ANALYZE orders, order_items, customers, products');
}
