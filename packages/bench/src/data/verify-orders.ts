import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import type { HttpLoadResult } from '../load/http-load.ts';

/**
 * Waits until no more orders of the tag appear: requests still in flight when the load generator
 * stopped are answered to no one but may still commit, and an SMS count must include them.
 */
export async function settleOrders(pool: pg.Pool, tag: string): Promise<number> {
  let last = -1;
  let unchanged = 0;
  // A second without a new order (four polls), for at most 15 s.
  for (let polls = 0; polls < 60 && unchanged < 4; polls += 1) {
    const { rows } = await pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM orders WHERE item = $1',
      [tag],
    );
    const count = Number(rows[0]?.count ?? 0);
    unchanged = count === last ? unchanged + 1 : 0;
    last = count;
    await sleep(250);
  }
  return last;
}

/**
 * After a run that placed orders tagged `item = tag`: every order answered 2xx exists, no more
 * orders exist than requests could have made, and each owes exactly one SMS and has one event.
 * Returns the violations found, in words.
 */
export async function verifyPlacedOrders(
  pool: pg.Pool,
  tag: string,
  load: HttpLoadResult,
  connections: number,
): Promise<{ orders: number; violations: string[] }> {
  const { rows } = await pool.query<{ orders: string; sms: string; events: string }>(
    `SELECT count(*) AS orders,
       count(*) FILTER (WHERE (SELECT count(*) FROM notifications n WHERE n.order_id = o.id) <> 1) AS sms,
       count(*) FILTER (WHERE (SELECT count(*) FROM order_events e WHERE e.order_id = o.id) <> 1) AS events
     FROM orders o WHERE o.item = $1`,
    [tag],
  );
  const row = rows[0] ?? { orders: '0', sms: '0', events: '0' };
  const orders = Number(row.orders);
  const violations: string[] = [];
  if (orders < load.ok) {
    violations.push(`${tag}: ${load.ok - orders} orders answered 2xx are missing`);
  }
  // Requests still in flight when the run stopped may have committed without an answer counted.
  const mostPossible = load.ok + load.non2xx + load.errors + connections;
  if (orders > mostPossible) {
    violations.push(`${tag}: ${orders - mostPossible} more orders than requests could have placed`);
  }
  if (Number(row.sms) > 0) {
    violations.push(`${tag}: ${row.sms} orders do not owe exactly one SMS`);
  }
  if (Number(row.events) > 0) {
    violations.push(`${tag}: ${row.events} orders do not have exactly one event`);
  }
  violations.push(...loadViolations(tag, load, [200, 201]));
  return { orders, violations };
}

/** Answers other than the expected statuses, and connection errors, as violations. */
export function loadViolations(label: string, load: HttpLoadResult, expected: number[]): string[] {
  const unexpected = Object.entries(load.statusCodes).filter(([code]) => !expected.includes(Number(code)));
  const violations = unexpected.map(([code, count]) => `${label}: ${count} answers were ${code}`);
  if (load.errors > 0) {
    violations.push(`${label}: ${load.errors} requests failed or timed out`);
  }
  return violations;
}
