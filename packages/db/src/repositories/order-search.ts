import { type SQL, sql } from 'drizzle-orm';
import { orders } from '../schema/orders.ts';
import { likeContains } from './search-patterns.ts';

/**
 * Orders matching `q` anywhere, case-insensitively, in their number or item, the name of one of
 * their lines, or their customer's name or code. Each arm is served by a trigram index:
 * `orders_number_item_trgm_idx` (number and item as one text, so one index on the hot insert),
 * `order_items_name_trgm_idx`, and the customers' name and code indexes followed by
 * `orders_customer_id_created_at_idx`. The arms give ids; the list then sorts those rows newest
 * first under the page's keyset, so the cost follows the matches, not the table.
 */
export function orderSearchCondition(q: string): SQL {
  const pattern = likeContains(q);
  return sql`${orders.id} in (
    select matched.id from orders matched
    where (matched.number || ' ' || matched.item) ilike ${pattern}
    union
    select line.order_id from order_items line
    where line.name ilike ${pattern}
    union
    select placed.id from customers buyer join orders placed on placed.customer_id = buyer.id
    where buyer.name ilike ${pattern} or buyer.code ilike ${pattern}
  )`;
}
