import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { OrderStatus } from '../schema/orders.ts';

export const analyticsIntervals = ['day', 'week', 'month'] as const;
export type AnalyticsInterval = (typeof analyticsIntervals)[number];

/** Money in one currency, as numeric prints it ("1500.50"). */
export interface CurrencyAmount {
  currency: string;
  amount: string;
}

export interface AnalyticsBucket {
  /** The bucket's first instant, UTC, ISO 8601. */
  start: string;
  /** Orders placed in the bucket, cancelled ones included. */
  orders: number;
  /** Sums of the orders not cancelled, per currency (absent for a currency with none). */
  revenue: CurrencyAmount[];
}

export interface TopCustomer {
  customerId: string;
  code: string;
  name: string;
  /** Orders not cancelled. */
  orders: number;
  revenue: CurrencyAmount[];
}

export interface TopItem {
  name: string;
  /** Units ordered. */
  quantity: number;
  /** Orders with a line of that name (or, for a free-text order, that item). */
  orders: number;
}

export interface OrderAnalytics {
  buckets: AnalyticsBucket[];
  byStatus: Partial<Record<OrderStatus, number>>;
  topCustomers: TopCustomer[];
  topItems: TopItem[];
}

export interface AnalyticsQuery {
  /** Orders created at or after `from` and strictly before `to`. */
  from: Date;
  to: Date;
  interval: AnalyticsInterval;
  /** Only this customer's orders (a customer's own token). */
  customerId?: string | undefined;
  /** How many customers and items the top lists hold. */
  top: number;
}

type Row = {
  buckets: AnalyticsBucket[];
  by_status: Partial<Record<OrderStatus, number>> | null;
  top_customers: TopCustomer[];
  top_items: Array<Omit<TopItem, 'quantity'> & { quantity: number | string }>;
};

/**
 * Order analytics over [from, to) in one statement, so every figure comes from one snapshot.
 * Buckets are UTC days, ISO weeks (from Monday) or calendar months: `date_trunc` on the time in
 * UTC, whatever the session's time zone; the first bucket starts at or before `from`, and every
 * bucket up to `to` is listed, empty ones too. Cancelled orders count as orders and in
 * `byStatus`, never in revenue or the top lists. An item is the name of each line of an order
 * placed from the catalogue, else the order's free-text `item`. Ties in the top lists go to the
 * smaller customer id, and to the item name first in byte order (`collate "C"`).
 *
 * Each part reads its own range of `orders_created_at_id_idx` (or, for one customer, of
 * `orders_customer_id_created_at_idx`); the parts are small aggregates joined at the end.
 */
export async function orderAnalytics(db: Executor, query: AnalyticsQuery): Promise<OrderAnalytics> {
  const { interval, top } = query;
  const from = query.from.toISOString();
  const to = query.to.toISOString();
  const inRange = (alias: string): SQL =>
    sql.join(
      [
        sql`${sql.raw(alias)}.created_at >= ${from}::timestamptz`,
        sql`${sql.raw(alias)}.created_at < ${to}::timestamptz`,
        ...(query.customerId ? [sql`${sql.raw(alias)}.customer_id = ${query.customerId}::uuid`] : []),
      ],
      sql` and `,
    );
  const utc = (instant: SQL) => sql`to_char(${instant}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const result = await db.execute<Row>(sql`
    with cells as materialized (
      select date_trunc(${interval}, o.created_at at time zone 'UTC') as bucket, o.status, o.currency,
        count(*)::integer as orders, sum(o.amount) filter (where o.status <> 'cancelled') as revenue
      from orders o
      where ${inRange('o')}
      group by 1, 2, 3
    ), series as (
      select generate_series(
        date_trunc(${interval}, ${from}::timestamptz at time zone 'UTC'),
        (${to}::timestamptz at time zone 'UTC') - interval '1 microsecond',
        ('1 ' || ${interval})::interval
      ) as start
    ), bucket_currency as (
      select bucket, currency, sum(orders)::integer as orders, sum(revenue) as revenue
      from cells group by bucket, currency
    ), bucket_totals as (
      select bucket, sum(orders)::integer as orders,
        coalesce(json_agg(json_build_object('currency', currency, 'amount', revenue::text) order by currency)
          filter (where revenue is not null), '[]') as revenue
      from bucket_currency group by bucket
    ), customer_ranks as (
      select o.customer_id, count(*)::integer as orders
      from orders o
      where ${inRange('o')} and o.status <> 'cancelled'
      group by o.customer_id
      order by orders desc, o.customer_id
      limit ${top}
    ), item_units as (
      -- One row per line, or the order itself when it has none: one join, not a join and an anti-join.
      select coalesce(l.name, o.item) as name, coalesce(l.quantity, o.quantity) as quantity
      from orders o left join order_items l on l.order_id = o.id
      where ${inRange('o')} and o.status <> 'cancelled'
    ), item_ranks as (
      select name, sum(quantity) as quantity, count(*)::integer as orders
      from item_units group by name
      order by quantity desc, name collate "C"
      limit ${top}
    )
    select
      (select coalesce(json_agg(json_build_object(
          'start', ${utc(sql`s.start`)}, 'orders', coalesce(t.orders, 0), 'revenue', coalesce(t.revenue, '[]')
        ) order by s.start), '[]')
       from series s left join bucket_totals t on t.bucket = s.start) as buckets,
      (select json_object_agg(status, orders) from (
         select status, sum(orders)::integer as orders from cells group by status
       ) per_status) as by_status,
      (select coalesce(json_agg(json_build_object(
          'customerId', r.customer_id, 'code', c.code, 'name', c.name, 'orders', r.orders,
          'revenue', (
            select coalesce(json_agg(json_build_object('currency', currency, 'amount', amount::text) order by currency), '[]')
            from (
              select o.currency, sum(o.amount) as amount from orders o
              where o.customer_id = r.customer_id and ${inRange('o')} and o.status <> 'cancelled'
              group by o.currency
            ) per_currency
          )
        ) order by r.orders desc, r.customer_id), '[]')
       from customer_ranks r join customers c on c.id = r.customer_id) as top_customers,
      (select coalesce(json_agg(json_build_object('name', name, 'quantity', quantity, 'orders', orders)
          order by quantity desc, name collate "C"), '[]')
       from item_ranks) as top_items
  `);
  const row = result.rows[0];
  if (!row) {
    throw new Error('analytics returned no row');
  }
  return {
    buckets: row.buckets,
    byStatus: row.by_status ?? {},
    topCustomers: row.top_customers,
    topItems: row.top_items.map((item) => ({ ...item, quantity: Number(item.quantity) })),
  };
}
