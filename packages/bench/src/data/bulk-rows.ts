import type pg from 'pg';

const FIRST_NAMES = [
  'Amina',
  'Baraka',
  'Achieng',
  'Wanjiru',
  'Kamau',
  'Otieno',
  'Njeri',
  'Mwangi',
  'Chebet',
  'Kiprop',
  'Akinyi',
  'Mutua',
  'Wambui',
  'Omondi',
  'Nyambura',
  'Kibet',
  'Atieno',
  'Ndirangu',
  'Jepkosgei',
  'Odhiambo',
];
const LAST_NAMES = [
  'Otieno',
  'Kamau',
  'Wanjiku',
  'Mwangi',
  'Ochieng',
  'Njoroge',
  'Kiptoo',
  'Mutua',
  'Onyango',
  'Kariuki',
  'Were',
  'Chege',
  'Kilonzo',
  'Maina',
  'Barasa',
  'Wekesa',
  'Rotich',
  'Koech',
  'Nyaga',
  'Gitau',
  'Juma',
  'Okoth',
  'Kimani',
];

/** A name the search finds in one customer of every FIRST_NAMES × LAST_NAMES (460), at any size. */
export const SEARCHED_NAME = 'Wanjiru Kamau';

const sqlArray = (values: string[]) => `ARRAY[${values.map((value) => `'${value}'`).join(', ')}]`;

/**
 * `count` customers and `count` orders (spread over the first thousand customers), one a second
 * back from now, written by two statements. Codes and numbers are given rather than drawn from
 * the sequences so that the API's own later rows cannot collide with them.
 */
export async function loadCustomersAndOrders(pool: pg.Pool, count: number): Promise<void> {
  await pool.query(
    `INSERT INTO customers (code, name, phone, email, created_at, updated_at)
     SELECT 'BULK-' || i,
       (${sqlArray(FIRST_NAMES)})[1 + i % ${FIRST_NAMES.length}] || ' ' ||
         (${sqlArray(LAST_NAMES)})[1 + (i / ${FIRST_NAMES.length}) % ${LAST_NAMES.length}],
       '+2547' || lpad((i % 100000000)::text, 8, '0'),
       CASE WHEN i % 3 = 0 THEN 'customer' || i || '@example.com' END,
       now() - make_interval(secs => i), now() - make_interval(secs => i)
     FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await pool.query(
    `WITH buyers AS (SELECT array_agg(id) AS ids FROM (SELECT id FROM customers LIMIT 1000) first)
     INSERT INTO orders (number, customer_id, item, quantity, amount, status, created_at, updated_at)
     SELECT 'ORD-B' || i, buyers.ids[1 + i % cardinality(buyers.ids)], 'Sukari 1kg', 1 + i % 3, 180.00,
       (ARRAY['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'])[1 + i % 5],
       now() - make_interval(secs => i), now() - make_interval(secs => i)
     FROM buyers, generate_series(1, $1::int) AS i`,
    [count],
  );
  await pool.query('ANALYZE customers, orders');
}
