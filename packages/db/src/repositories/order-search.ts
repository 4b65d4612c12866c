import { type SQL, sql } from 'drizzle-orm';
import { orders } from '../schema/orders.ts';
import { likeContains } from './search-patterns.ts';

/**
 * Up to this many matches in an arm (orders by number or item, order lines by product name,
 * customers by name or code, the last counted in customers) and the matches are few: the page
 * is sorted out of them. Past it they are many, and walking the orders newest first finds a
 * page's worth sooner than sorting every match.
 */
const FEW = 1000;
/** Customers matched up to this many are kept as a set each walked order is looked up in. */
const CUSTOMER_SET = 10_000;

/** Every order number starts with it, so its trigrams select nothing (see `itemArm`). */
const NUMBER_PREFIX = 'ORD-';

/**
 * The ids of one page of the orders matching `q` anywhere, case-insensitively, in their number
 * or item, the name of one of their lines, or their customer's name or code; `scope` is the
 * rest of the list's conditions (keyset and filters, on `orders`), `limit` the page's rows.
 *
 * Two plan shapes, one chosen in the statement by how many matches each trigram index gives
 * (each probe stops past its bound):
 * - few matches: the ids from `orders_number_item_trgm_idx` and `order_items_name_trgm_idx`
 *   are read by primary key, and each matched customer's newest orders come from
 *   `orders_customer_id_created_at_idx` alone (at most a page each); the page is their top.
 * - many matches: `orders_created_at_id_idx` (or the filter's own index) is walked newest
 *   first, each order tested as it comes, until the page is full. A line arm with many matches
 *   is tested per order through `order_items_order_id_idx`; a small one is a hashed set.
 * Only one shape runs: the other's branch is cut by a one-time filter before it reads a row.
 */
export function orderSearchPage(q: string, scope: SQL | undefined, limit: number): SQL {
  const pattern = likeContains(q);
  const where = scope ?? sql`true`;
  const newestFirst = sql`order by ${orders.createdAt} desc, ${orders.id} desc limit ${sql.raw(String(limit))}`;
  const few = sql.raw(String(FEW));
  return sql`${orders.id} in (
    with buyers as materialized (
      select buyer.id from customers buyer
      where buyer.name ilike ${pattern} or buyer.code ilike ${pattern}
      limit ${sql.raw(String(CUSTOMER_SET + 1))}
    ), line_orders as materialized (
      select line.order_id from order_items line where line.name ilike ${pattern} limit ${sql.raw(String(FEW + 1))}
    ), item_orders as materialized (
      ${itemArm(q, pattern)}
    ), sizes as materialized (
      select (select count(*) from buyers) as buyers, (select count(*) from line_orders) as lines,
        (select count(*) from item_orders) as items
    ), shape as materialized (
      select buyers <= ${few} and lines <= ${few} and items <= ${few} as few from sizes
    )
    select page.id from (
      (select ${orders.id}, ${orders.createdAt} from ${orders}
       where (select few from shape) and ${where}
         and ${orders.id} in (select order_id from line_orders union select id from item_orders)
       ${newestFirst})
      union all
      (select found.id, found.created_at from buyers cross join lateral (
         select ${orders.id}, ${orders.createdAt} from ${orders}
         where (select few from shape) and ${orders.customerId} = buyers.id and ${where}
         ${newestFirst}
       ) found)
      union all
      (select ${orders.id}, ${orders.createdAt} from ${orders}
       where not (select few from shape) and ${where} and (
         (${orders.number} || ' ' || ${orders.item}) ilike ${pattern}
         -- OFFSET 0 keeps each a probe per order: PostgreSQL would otherwise hash every match first.
         or case when (select lines from sizes) <= ${few} then ${orders.id} in (select order_id from line_orders)
           else exists (select from order_items line
                        where line.order_id = ${orders.id} and line.name ilike ${pattern} offset 0) end
         or case when (select buyers from sizes) <= ${sql.raw(String(CUSTOMER_SET))}
           then ${orders.customerId} in (select id from buyers)
           else exists (select from customers buyer where buyer.id = ${orders.customerId}
                        and (buyer.name ilike ${pattern} or buyer.code ilike ${pattern}) offset 0) end)
       ${newestFirst})
    ) page
    order by page.created_at desc, page.id desc limit ${sql.raw(String(limit))}
  )`;
}

/**
 * Orders whose number or item holds `q`, along `orders_number_item_trgm_idx` (number and item
 * as one text, so an order insert updates one trigram index). A `q` written as an order number
 * ("ORD-000042") is looked up without its "ORD-": those trigrams are in every row, and reading
 * their postings cost more than the rest of the search; the whole pattern then filters.
 */
function itemArm(q: string, pattern: string): SQL {
  const text = sql`(matched.number || ' ' || matched.item)`;
  const rest = q.slice(NUMBER_PREFIX.length);
  if (q.toUpperCase().startsWith(NUMBER_PREFIX) && rest.length >= 3) {
    return sql`select id from (
        select matched.id, ${text} as text from orders matched where ${text} ilike ${likeContains(rest)} offset 0
      ) candidate where candidate.text ilike ${pattern} limit ${sql.raw(String(FEW + 1))}`;
  }
  return sql`select matched.id from orders matched where ${text} ilike ${pattern} limit ${sql.raw(String(FEW + 1))}`;
}
