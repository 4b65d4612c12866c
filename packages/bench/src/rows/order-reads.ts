import type { BenchContext } from '../context.ts';
import { loadViolations } from '../data/verify-orders.ts';
import { type HttpLoadResult, runHttpLoad } from '../load/http-load.ts';
import { alternate } from '../measure/alternate.ts';
import { median, summarize } from '../measure/stats.ts';
import { judge, type RowResult, type Series } from '../report/results.ts';
import { waitUntilQuiet } from '../stack/quiet.ts';
import { concurrencySteps, type OrderStack } from './order-writes.ts';

/**
 * The baseline of GET /v1/orders/{id}: an authenticated GET of a path the API has no route for.
 * It runs in the same process through the same onRequest hooks, so the bearer token is verified
 * exactly as for a real route (signature, iss, aud, exp, scopes, actor), and is then answered by
 * the 404 handler without touching the database: the API's own "hello world behind the JWT".
 */
const HELLO_PATH = '/v1/bench-hello';

interface OrderReadsOutcome {
  rows: RowResult[];
  series: Series[];
  /** Median answers/s of GET /v1/orders/{id}, by connections. */
  getRate: Map<number, number>;
  /** Paths of orders that exist, for the fixed-rate run. */
  orderPaths: string[];
}

/** Row 3: GET /v1/orders/{id} (over a thousand existing orders) alternated with HELLO_PATH. */
export async function measureOrderReads(
  context: BenchContext,
  stack: OrderStack,
): Promise<OrderReadsOutcome> {
  const { plan } = context;
  const { rows: orders } = await stack.pool.query<{ id: string }>(
    'SELECT id FROM orders ORDER BY random() LIMIT 1000',
  );
  const orderPaths = orders.map((order) => `/v1/orders/${order.id}`);
  const headers = { authorization: `Bearer ${context.token}` };
  const get = async (paths: string[], connections: number, durationS: number) => {
    await waitUntilQuiet(stack.api.url);
    return runHttpLoad({ baseUrl: stack.api.url, method: 'GET', paths, headers, connections, durationS });
  };

  const rows: RowResult[] = [];
  const points = { order: [], hello: [] } as Record<'order' | 'hello', Series['points']>;
  const getRate = new Map<number, number>();
  const sweepViolations: string[] = [];
  for (const { connections, rounds, runS, inTable } of concurrencySteps(plan)) {
    context.progress(`row 3: GET /v1/orders/{id} vs an authenticated 404 at ${connections} connections`);
    await get(orderPaths, connections, plan.warmupS);
    await get([HELLO_PATH], connections, plan.warmupS);
    const runs = await alternate(rounds, {
      order: () => get(orderPaths, connections, runS),
      hello: () => get([HELLO_PATH], connections, runS),
    });
    const figure = summarize(runs.order.map((run) => run.rate));
    // The baseline's answers are 404s by design: its rate counts them.
    const baseline = summarize(runs.hello.map((run) => (run.statusCodes['404'] ?? 0) / run.durationS));
    const p99 = (list: HttpLoadResult[]) => median(list.map((run) => run.latency.p99));
    points.order.push({ connections, throughput: figure.median, p99: p99(runs.order) });
    points.hello.push({ connections, throughput: baseline.median, p99: p99(runs.hello) });
    const violations = [
      ...runs.order.flatMap((run) => loadViolations(`GET /v1/orders/{id} at ${connections}`, run, [200])),
      ...runs.hello.flatMap((run) => loadViolations(`GET ${HELLO_PATH} at ${connections}`, run, [404])),
    ];
    if (!inTable) {
      sweepViolations.push(...violations);
      continue;
    }
    rows.push(
      judge({
        id: `order-get-c${connections}`,
        row: 3,
        label: `GET /v1/orders/{id}, ${connections} connections`,
        unit: 'answers/s',
        figure,
        baseline: {
          label: `GET ${HELLO_PATH}: same process, same JWT check, 404, no database`,
          figure: baseline,
        },
        ratio: figure.median / baseline.median,
        target: { kind: 'ratio-at-least', text: '≥ 0.5×', value: 0.5 },
        notes: [`p99 ${Math.round(p99(runs.order))} ms; baseline p99 ${Math.round(p99(runs.hello))} ms`],
        violations: [...sweepViolations.splice(0), ...violations],
      }),
    );
    getRate.set(connections, figure.median);
  }
  return {
    rows,
    series: [
      { name: 'GET /v1/orders/{id}', baseline: false, points: points.order },
      { name: 'authenticated 404 (JWT only)', baseline: true, points: points.hello },
    ],
    getRate,
    orderPaths,
  };
}
