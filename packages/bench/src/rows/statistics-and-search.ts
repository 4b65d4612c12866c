import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { loadCustomersAndOrders, SEARCHED_NAME } from '../data/bulk-rows.ts';
import { loadOrderLines, SEARCHED_PRODUCT } from '../data/order-lines.ts';
import { loadViolations } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { alternate } from '../measure/alternate.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { startApi } from '../stack/apps.ts';

/** Few connections: these are staff reads (dashboards, a search box), not the order path. */
const CONNECTIONS = 4;

interface SizedApi {
  rows: number;
  api: AppProcess;
  /** The customer with the most orders (a thousandth of them at any size). */
  busiestCustomerId: string;
  /** An order number half-way down. */
  middleNumber: string;
}

const power = (n: number) => `10^${Math.round(Math.log10(n))}`;

/**
 * Row 12: customer statistics, order analytics and order search on a small and a large database
 * (`listingSmall` and `listingLarge` customers and orders, a quarter of the orders with two
 * catalogue lines), each served by its own API, alternated. The figure is the p99 latency at
 * the large size against an absolute target; the small size is shown beside it.
 */
export async function measureStatisticsAndSearch(context: BenchContext): Promise<RowResult[]> {
  const { plan } = context;
  const pools: pg.Pool[] = [];
  const apis: SizedApi[] = [];
  try {
    for (const rows of [plan.listingSmall, plan.listingLarge]) {
      context.progress(`row 12: writing ${rows} customers, ${rows} orders and their lines`);
      const databaseUrl = await context.databases.create(`stats-${rows}`);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      pools.push(pool);
      await loadCustomersAndOrders(pool, rows);
      await loadOrderLines(pool);
      const busiest = await pool.query<{ customer_id: string }>(
        'SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1',
      );
      const api = await startApi({
        name: `api-stats-${rows}`,
        databaseUrl,
        redisUrl: context.redisUrl,
        queuePrefix: `bench-stats-${randomBytes(3).toString('hex')}`,
        issuer: context.issuer,
        webhookSecret: randomBytes(32).toString('hex'),
      });
      apis.push({
        rows,
        api,
        busiestCustomerId: busiest.rows[0]?.customer_id ?? '',
        middleNumber: `ORD-B${Math.floor(rows / 2)}`,
      });
    }
    const [small, large] = apis as [SizedApi, SizedApi];
    // Order n was written n seconds ago: 30 days back covers every order at 10^6 (11.6 days).
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const queries = [
      {
        id: 'customer-stats',
        label: 'GET /v1/customers/{id}/stats, the busiest customer',
        path: (s: SizedApi) => `/v1/customers/${s.busiestCustomerId}/stats`,
        targetMs: 50,
      },
      {
        id: 'orders-analytics',
        label: 'GET /v1/orders/analytics, 30 days by day (every order)',
        path: () =>
          `/v1/orders/analytics?interval=day&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        targetMs: 2000,
        // Seconds per answer at 10^6: a run of fixed length could end before the first one.
        requests: 8,
      },
      {
        id: 'orders-search-number',
        label: 'GET /v1/orders?q=<an order number>',
        path: (s: SizedApi) => `/v1/orders?limit=20&q=${s.middleNumber}`,
        targetMs: 50,
      },
      {
        id: 'orders-search-customer',
        label: `GET /v1/orders?q=${SEARCHED_NAME}`,
        path: () => `/v1/orders?limit=20&q=${encodeURIComponent(SEARCHED_NAME)}`,
        targetMs: 50,
      },
      {
        id: 'orders-search-product',
        label: `GET /v1/orders?q=${SEARCHED_PRODUCT}`,
        path: () => `/v1/orders?limit=20&q=${encodeURIComponent(SEARCHED_PRODUCT)}`,
        targetMs: 200,
      },
    ];
    const results: RowResult[] = [];
    for (const query of queries) {
      context.progress(`row 12: ${query.label} at ${power(small.rows)} vs ${power(large.rows)} rows`);
      const run = (sized: SizedApi) =>
        runHttpLoad({
          baseUrl: sized.api.url,
          method: 'GET',
          paths: [query.path(sized)],
          headers: { authorization: `Bearer ${context.token}` },
          connections: CONNECTIONS,
          ...('requests' in query ? { amount: query.requests } : { durationS: plan.listingRunS }),
        });
      await run(small);
      await run(large);
      const runs = await alternate(plan.listingRounds, { small: () => run(small), large: () => run(large) });
      // A run without a single answer has no latency to show: NaN, which the judge counts as missed.
      const p99 = (result: (typeof runs.large)[number]) => (result.ok > 0 ? result.latency.p99 : Number.NaN);
      const figure = summarize(runs.large.map(p99));
      const baseline = summarize(runs.small.map(p99));
      const rates = (list: typeof runs.large) => Math.round(summarize(list.map((r) => r.rate)).median);
      results.push(
        judge({
          id: query.id,
          row: 12,
          label: `${query.label}, ${power(large.rows)} orders`,
          unit: 'ms p99',
          figure,
          baseline: { label: `the same at ${power(small.rows)} orders`, figure: baseline },
          ratio: figure.median / baseline.median,
          ratioMeaning: 'p99 at the large size / at the small size (shown, not judged)',
          target: {
            kind: 'at-most',
            text: `p99 ≤ ${query.targetMs} ms at ${power(large.rows)}`,
            value: query.targetMs,
          },
          notes: [
            `${CONNECTIONS} connections; ${rates(runs.large)} answers/s at ${power(large.rows)}, ${rates(runs.small)} at ${power(small.rows)}`,
          ],
          violations: [...runs.small, ...runs.large].flatMap((result) =>
            loadViolations(query.label, result, [200]),
          ),
        }),
      );
    }
    return results;
  } finally {
    await Promise.all(apis.map((sized) => sized.api.stop()));
    await Promise.all(pools.map((pool) => pool.end()));
  }
}
