import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { loadCustomersAndOrders, SEARCHED_NAME } from '../data/bulk-rows.ts';
import { loadViolations } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { alternate } from '../measure/alternate.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { startApi } from '../stack/apps.ts';

const CONNECTIONS = 16;

interface SizedApi {
  rows: number;
  api: AppProcess;
  /** A page in the middle of the orders, by the cursor the API itself hands out. */
  deepPath: string;
}

const power = (n: number) => `10^${Math.round(Math.log10(n))}`;

/**
 * Row 7: the list and search endpoints on a small and a large table. Two databases are filled
 * (customers and orders, `listingSmall` and `listingLarge` of each), each served by its own API
 * process, and the two are measured alternately; the ratio is how much slower the large one is.
 */
export async function measureListingScale(context: BenchContext): Promise<RowResult[]> {
  const { plan } = context;
  const sizes = [plan.listingSmall, plan.listingLarge];
  const pools: pg.Pool[] = [];
  const apis: SizedApi[] = [];
  try {
    for (const rows of sizes) {
      context.progress(`row 7: writing ${rows} customers and ${rows} orders`);
      const databaseUrl = await context.databases.create(`rows-${rows}`);
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      pools.push(pool);
      await loadCustomersAndOrders(pool, rows);
      const api = await startApi({
        name: `api-rows-${rows}`,
        databaseUrl,
        redisUrl: context.redisUrl,
        queuePrefix: `bench-rows-${randomBytes(3).toString('hex')}`,
        issuer: context.issuer,
        webhookSecret: randomBytes(32).toString('hex'),
      });
      apis.push({ rows, api, deepPath: await deepPagePath(api.url, context.token, rows) });
    }
    const [small, large] = apis as [SizedApi, SizedApi];
    const queries = [
      {
        id: 'orders-first-page',
        label: 'GET /v1/orders?limit=20, first page',
        path: () => '/v1/orders?limit=20',
      },
      {
        id: 'orders-deep-page',
        label: 'GET /v1/orders?limit=20, a page half-way down',
        path: (s: SizedApi) => s.deepPath,
      },
      {
        id: 'customers-search',
        label: `GET /v1/customers?q=${SEARCHED_NAME}&limit=20`,
        path: () => `/v1/customers?q=${encodeURIComponent(SEARCHED_NAME)}&limit=20`,
      },
    ];
    const results: RowResult[] = [];
    for (const query of queries) {
      context.progress(`row 7: ${query.label} at ${power(small.rows)} vs ${power(large.rows)} rows`);
      const run = (sized: SizedApi) =>
        runHttpLoad({
          baseUrl: sized.api.url,
          method: 'GET',
          paths: [query.path(sized)],
          headers: { authorization: `Bearer ${context.token}` },
          connections: CONNECTIONS,
          durationS: plan.listingRunS,
        });
      await run(small);
      await run(large);
      const runs = await alternate(plan.listingRounds, { small: () => run(small), large: () => run(large) });
      const figure = summarize(runs.large.map((result) => result.rate));
      const baseline = summarize(runs.small.map((result) => result.rate));
      results.push(
        judge({
          id: query.id,
          row: 7,
          label: `${query.label}, ${power(large.rows)} rows`,
          unit: 'answers/s',
          figure,
          baseline: { label: `the same at ${power(small.rows)} rows`, figure: baseline },
          ratio: baseline.median / figure.median,
          ratioMeaning: 'time per answer at the large size / at the small size',
          target: { kind: 'ratio-at-most', text: `≤ 1.2× at ${power(large.rows)} rows`, value: 1.2 },
          notes: [`${CONNECTIONS} connections`],
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

/** The path of the page after the one that starts half-way down the orders, by its cursor. */
async function deepPagePath(apiUrl: string, token: string, rows: number): Promise<string> {
  // Order n was written n seconds before the load: half-way down is rows / 2 seconds back.
  const middle = new Date(Date.now() - (rows / 2) * 1000).toISOString();
  const response = await fetch(`${apiUrl}/v1/orders?limit=20&createdBefore=${encodeURIComponent(middle)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = (await response.json()) as { nextCursor?: string | null };
  if (!response.ok || !page.nextCursor) {
    throw new Error(`no page half-way down the orders (${response.status})`);
  }
  return `/v1/orders?limit=20&cursor=${encodeURIComponent(page.nextCursor)}`;
}
