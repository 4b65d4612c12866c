import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { OrderStatus } from '../schema/orders.ts';

/** Money per currency: `total` the sum, `average` per order, both as numeric prints them ("1500.50"). */
export interface CurrencyTotal {
  currency: string;
  total: string;
  average: string;
}

export interface CustomerOrderStats {
  orderCount: number;
  /** Orders in each status; a status with none is absent. */
  byStatus: Partial<Record<OrderStatus, number>>;
  /** Over the orders not cancelled, one entry per currency, by currency code. */
  totals: CurrencyTotal[];
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

type GroupRow = {
  status: OrderStatus | null;
  currency: string | null;
  orders: number;
  total: string | null;
  average: string | null;
  first_at: Date | string | null;
  last_at: Date | string | null;
};

const asDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/**
 * One customer's order statistics in one statement over its range of
 * `orders_customer_id_created_at_idx`: counts by status (cancelled orders included), and per
 * currency the sum and average of the orders not cancelled. A cancelled order was placed, so it
 * counts as an order, but it brought no money in. Sums and averages are `numeric`: exact, the
 * average rounded half away from zero (half-up for amounts, which are positive) to cents.
 */
export async function customerOrderStats(db: Executor, customerId: string): Promise<CustomerOrderStats> {
  const result = await db.execute<GroupRow>(sql`
    select status, currency, count(*)::integer as orders,
      sum(amount) filter (where status <> 'cancelled')::text as total,
      round(avg(amount) filter (where status <> 'cancelled'), 2)::text as average,
      min(created_at) as first_at, max(created_at) as last_at
    from orders
    where customer_id = ${customerId}
    group by grouping sets ((status), (currency))
  `);
  const stats: CustomerOrderStats = {
    orderCount: 0,
    byStatus: {},
    totals: [],
    firstOrderAt: null,
    lastOrderAt: null,
  };
  for (const row of result.rows) {
    if (row.status !== null) {
      // The status sets cover every order once: they give the count and the first and last times.
      stats.byStatus[row.status] = row.orders;
      stats.orderCount += row.orders;
      const first = asDate(row.first_at);
      const last = asDate(row.last_at);
      if (first && (!stats.firstOrderAt || first < stats.firstOrderAt)) {
        stats.firstOrderAt = first;
      }
      if (last && (!stats.lastOrderAt || last > stats.lastOrderAt)) {
        stats.lastOrderAt = last;
      }
    } else if (row.currency !== null && row.total !== null && row.average !== null) {
      // A currency whose every order was cancelled brought nothing in: no entry.
      stats.totals.push({ currency: row.currency, total: row.total, average: row.average });
    }
  }
  stats.totals.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return stats;
}
