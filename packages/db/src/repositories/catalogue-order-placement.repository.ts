import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { OrderRow } from '../schema/orders.ts';
import { type OrderPlacement, type PlacedOrderRow, placedOrderOf } from './order-placement.repository.ts';
import { owedStaffEmailsCte } from './staff-email-placement.ts';

// An order placed from the catalogue is one statement too, as order-placement.repository.ts
// explains: its SMS quotes the lines' names and prices, so they are read (or taken from the API's
// cache) first, and the statement writes only if every product is still as read. Then it locks
// the products in id order, takes the stock, and writes the order, its lines, its first event and
// its SMS, or writes nothing and says why.

/** What an order line needs of its product: the snapshot copied into the line, and whether it is for sale. */
export type OrderableProduct = {
  id: string;
  name: string;
  /** Money, as products.price prints it ("850.00"). */
  price: string;
  currency: string;
  active: boolean;
};

export async function findOrderableProducts(
  db: Executor,
  ids: readonly string[],
): Promise<OrderableProduct[]> {
  const result = await db.execute<OrderableProduct>(sql`
    select id, name, price::text as price, currency, active
    from products where id = any(${sql.param(ids)}::uuid[])`);
  return result.rows;
}

/** One line as the order will store it: each product once, in the client's order. */
export interface OrderLine {
  productId: string;
  quantity: number;
  /** The product's name and price when the SMS was written: the statement checks they still are. */
  name: string;
  unitPrice: string;
}

export interface CatalogueOrderPlacement extends OrderPlacement {
  lines: readonly OrderLine[];
}

/** A product of the order as the statement found it, locked, whether or not it wrote the order. */
export interface ProductAtPlacement {
  productId: string;
  /** False when no such product exists (deleted since it was read, or never did). */
  found: boolean;
  active: boolean | null;
  name: string | null;
  price: string | null;
  currency: string | null;
  stock: number | null;
}

export type CatalogueOrderOutcome =
  | {
      placed: true;
      order: OrderRow;
      notificationId: string | null;
      /** The staff e-mails it owes (owedStaffEmailsCte). */
      staffEmailIds: string[];
    }
  | {
      placed: false;
      /** False when the customer row changed or went since it was read. */
      customerCurrent: boolean;
      /** Every line's product as locked, in the order of `lines`. */
      products: ProductAtPlacement[];
    };

/** The placed order's row, all null (id too) when nothing was written, and what the statement found. */
type Row = Omit<PlacedOrderRow, 'id'> & {
  id: string | null;
  customer_current: boolean;
  products: ProductAtPlacement[];
};

/**
 * Places an order of catalogue products in one statement, taking their stock, if every product
 * is still active, named and priced as in `lines` (and in `order.currency`), has the stock each
 * line asks for, and the customer row is still at `customerVersion`. Otherwise it writes nothing
 * and returns what it found, for the caller to refuse (unknown or inactive product, short stock)
 * or to read again and retry (a product or the customer changed).
 *
 * Products are locked in id order (`for no key update`, the lock the stock UPDATE takes anyway)
 * before any is changed, as cancelling does, so two orders of the same products never deadlock;
 * holding the locks, the check of every line and the conditional UPDATEs agree, and the check
 * constraint `stock >= 0` stands behind both.
 */
export async function placeCatalogueOrder(
  db: Executor,
  { customerVersion, order, actor, sms, staffEmails, lines }: CatalogueOrderPlacement,
): Promise<CatalogueOrderOutcome> {
  const productIds = lines.map((line) => line.productId);
  const result = await db.execute<Row>(sql`
    with wanted as (
      select * from unnest(
        ${sql.param(productIds)}::uuid[], ${sql.param(lines.map((line) => line.quantity))}::integer[],
        ${sql.param(lines.map((line) => line.name))}::text[], ${sql.param(lines.map((line) => line.unitPrice))}::numeric[]
      ) with ordinality as line(product_id, quantity, name, unit_price, position)
    ), locked as materialized (
      select id, name, price, currency, active, stock from products
      where id = any(${sql.param(productIds)}::uuid[])
      order by id
      for no key update
    ), ready as (
      select count(*) = ${lines.length}::integer as ok
      from wanted join locked on locked.id = wanted.product_id
      where locked.active and locked.name = wanted.name and locked.price = wanted.unit_price
        and locked.currency = ${order.currency} and locked.stock >= wanted.quantity
    ), customer as (
      select id from customers
      where id = ${order.customerId} and xmin::text = ${customerVersion} and (select ok from ready)
    ), taken as (
      update products set stock = products.stock - wanted.quantity, updated_at = now()
      from wanted
      where products.id = wanted.product_id and products.stock >= wanted.quantity
        and exists (select from customer)
      returning products.id
    ), placed as (
      insert into orders (id, number, customer_id, item, quantity, amount, currency, notes)
      select ${order.id}::uuid, ${order.number}, customer.id, ${order.item}, ${order.quantity}::integer,
        ${order.amount}::numeric, ${order.currency}, ${order.notes ?? null}
      from customer
      where (select count(*) from taken) = ${lines.length}::integer
      returning *
    ), order_lines as (
      insert into order_items (order_id, product_id, position, name, unit_price, quantity, line_total)
      select placed.id, wanted.product_id, wanted.position - 1, wanted.name, wanted.unit_price, wanted.quantity,
        wanted.unit_price * wanted.quantity
      from placed cross join wanted
    ), event as (
      insert into order_events (order_id, from_status, to_status, actor)
      select id, null, status, ${actor} from placed
    ), owed as (
      insert into notifications (order_id, customer_id, channel, trigger, recipient, body, encoding, segments,
        idempotency_key)
      select id, customer_id, 'sms', 'order.created', ${sms.recipient}, ${sms.body}, ${sms.encoding},
        ${sms.segments}::integer, ${sms.idempotencyKey}
      from placed
      on conflict (idempotency_key) do nothing
      returning id
    ), ${owedStaffEmailsCte(staffEmails)}
    select placed.*, (select id from owed) as notification_id,
      (select array_agg(id) from staff_emails) as staff_email_ids,
      exists (select from customers where id = ${order.customerId} and xmin::text = ${customerVersion})
        as customer_current,
      (select json_agg(json_build_object(
          'productId', wanted.product_id, 'found', locked.id is not null, 'active', locked.active,
          'name', locked.name, 'price', locked.price::text, 'currency', locked.currency, 'stock', locked.stock
        ) order by wanted.position)
       from wanted left join locked on locked.id = wanted.product_id) as products
    from (values (1)) as one left join placed on true`);
  const row = result.rows[0];
  if (!row) {
    throw new Error('the placement statement returned no row');
  }
  if (row.id === null) {
    return { placed: false, customerCurrent: row.customer_current, products: row.products };
  }
  return { placed: true, ...placedOrderOf({ ...row, id: row.id }) };
}
