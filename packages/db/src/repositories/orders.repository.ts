import { asc, eq, getTableColumns, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type OrderEventRow, orderEvents } from '../schema/order-events.ts';
import { type NewOrderRow, type OrderRow, type OrderStatus, orders } from '../schema/orders.ts';
import { orderSearchPage } from './order-search.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';

export async function insertOrder(db: Executor, values: NewOrderRow): Promise<OrderRow> {
  const [row] = await db.insert(orders).values(values).returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

// The read of one order (GET /v1/orders/{id}, the busiest read) is built and named once per
// database handle: PostgreSQL then plans it once per connection, and the query builder runs once.
const findOrderStatements = new WeakMap<Executor, ReturnType<typeof prepareFindOrder>>();

function prepareFindOrder(db: Executor) {
  return db
    .select()
    .from(orders)
    .where(eq(orders.id, sql.placeholder('id')))
    .prepare('sokoni_find_order');
}

/** `forUpdate` locks the row until the transaction ends, so two status changes cannot interleave. */
export async function findOrderById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OrderRow | undefined> {
  if (options.forUpdate) {
    const [locked] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
    return locked;
  }
  let statement = findOrderStatements.get(db);
  if (!statement) {
    statement = prepareFindOrder(db);
    findOrderStatements.set(db, statement);
  }
  const [row] = await statement.execute({ id });
  return row;
}

export interface OrderFilters {
  customerId?: string | undefined;
  status?: OrderStatus | undefined;
  createdBefore?: Date | undefined;
  createdAfter?: Date | undefined;
  /** Number, item, a line's product name, or the customer's name or code contains it (any case). */
  q?: string | undefined;
}

export async function listOrders(db: Executor, query: PageQuery & OrderFilters): Promise<OrderRow[]> {
  const page = keyset(orders, query);
  const scope = allOf(
    page.where,
    query.customerId ? eq(orders.customerId, query.customerId) : undefined,
    query.status ? eq(orders.status, query.status) : undefined,
    query.createdBefore ? lt(orders.createdAt, query.createdBefore) : undefined,
    query.createdAfter ? gte(orders.createdAt, query.createdAfter) : undefined,
  );
  return (
    db
      .select()
      .from(orders)
      // A search picks the page's ids itself, under the same conditions (repositories/order-search.ts).
      .where(query.q ? orderSearchPage(query.q, scope, page.limit) : scope)
      .orderBy(...page.orderBy)
      .limit(page.limit)
  );
}

export async function updateOrder(
  db: Executor,
  id: string,
  patch: Partial<Pick<NewOrderRow, 'item' | 'quantity' | 'amount' | 'status' | 'notes'>>,
): Promise<OrderRow | undefined> {
  const [row] = await db
    .update(orders)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(orders.id, id))
    .returning();
  return row;
}

export async function insertOrderEvent(
  db: Executor,
  event: { orderId: string; fromStatus: OrderStatus | null; toStatus: OrderStatus; actor: string },
): Promise<OrderEventRow> {
  const [row] = await db.insert(orderEvents).values(event).returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

/** Where a page of an order's events starts: after this event (its time to the microsecond, and id). */
export interface OrderEventsAfter {
  /** created_at as `eventPosition` printed it: the column keeps microseconds, which a Date loses. */
  at: string;
  id: string;
}

/**
 * An order's status changes, oldest first, keyset on (created_at, id) along
 * `order_events_order_id_idx`; `limit + 1` rows, so the caller knows whether a page follows.
 * Each row carries `position`, the exact created_at to resume after.
 */
export async function listOrderEvents(
  db: Executor,
  orderId: string,
  page: { after?: OrderEventsAfter | undefined; limit: number },
): Promise<Array<OrderEventRow & { position: string }>> {
  return db
    .select({
      ...getTableColumns(orderEvents),
      position: sql<string>`to_char(${orderEvents.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(orderEvents)
    .where(
      allOf(
        eq(orderEvents.orderId, orderId),
        page.after
          ? sql`(${orderEvents.createdAt}, ${orderEvents.id}) > (${page.after.at}::timestamptz, ${page.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .limit(page.limit + 1);
}
