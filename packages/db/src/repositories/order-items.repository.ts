import { asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { orderItems } from '../schema/order-items.ts';
import { type OrderRow, orders } from '../schema/orders.ts';

/** A line of an order as the API shows it: the product's name and price when the order was placed. */
export interface OrderLineView {
  productId: string;
  name: string;
  /** Money, as numeric(12,2) prints it ("850.00"). */
  unitPrice: string;
  quantity: number;
  lineTotal: string;
}

/** The lines of one order, as the client listed them; empty for an order placed as free text. */
export async function listOrderItems(db: Executor, orderId: string): Promise<OrderLineView[]> {
  return db
    .select({
      productId: orderItems.productId,
      name: orderItems.name,
      unitPrice: orderItems.unitPrice,
      quantity: orderItems.quantity,
      lineTotal: orderItems.lineTotal,
    })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.position));
}

// GET /v1/orders/{id} is the busiest read: the order and its lines come back in one prepared
// statement (one round trip, planned once per connection), the lines as a JSON array.
const findStatements = new WeakMap<Executor, ReturnType<typeof prepareFindOrderWithItems>>();

function prepareFindOrderWithItems(db: Executor) {
  return db
    .select({
      ...getTableColumns(orders),
      // Spelt out: inside a sql template drizzle may leave a column unqualified, and "id" here
      // would mean the line's.
      items: sql<OrderLineView[]>`coalesce((
        select json_agg(json_build_object(
          'productId', line.product_id, 'name', line.name, 'unitPrice', line.unit_price::text,
          'quantity', line.quantity, 'lineTotal', line.line_total::text
        ) order by line.position)
        from order_items line where line.order_id = "orders"."id"
      ), '[]'::json)`,
    })
    .from(orders)
    .where(eq(orders.id, sql.placeholder('id')))
    .prepare('sokoni_find_order_with_items');
}

export async function findOrderWithItems(
  db: Executor,
  id: string,
): Promise<(OrderRow & { items: OrderLineView[] }) | undefined> {
  let statement = findStatements.get(db);
  if (!statement) {
    statement = prepareFindOrderWithItems(db);
    findStatements.set(db, statement);
  }
  const [row] = await statement.execute({ id });
  return row;
}

/**
 * Puts back the stock an order's lines took, inside the caller's transaction (the one that
 * cancels the order, so it happens exactly once). Products are locked in id order first, as
 * placing an order locks them, so a cancel and an order of the same products never deadlock.
 */
export async function returnOrderStock(tx: Executor, orderId: string): Promise<void> {
  await tx.execute(sql`
    with returned as (
      select product_id, sum(quantity)::integer as quantity from order_items
      where order_id = ${orderId} group by product_id
    ), locked as materialized (
      select id from products where id in (select product_id from returned) order by id for no key update
    )
    update products set stock = products.stock + returned.quantity, updated_at = now()
    from returned join locked on locked.id = returned.product_id
    where products.id = returned.product_id`);
}
