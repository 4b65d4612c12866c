import type pg from 'pg';
import type { BenchContext } from '../context.ts';
import { verifyPlacedOrders } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { type PgbenchResult, runOrderPgbench } from '../load/pgbench.ts';
import { alternate } from '../measure/alternate.ts';
import { type CpuReading, cpuSpent, readCpu } from '../measure/cpu-meter.ts';
import { median, summarize } from '../measure/stats.ts';
import type { Plan } from '../plan.ts';
import { judge, type RowResult, type Series } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { waitUntilQuiet } from '../stack/quiet.ts';

export interface OrderStack {
  api: AppProcess;
  databaseUrl: string;
  pool: pg.Pool;
  customerId: string;
}

interface PlacedRun {
  rate: number;
  p99: number;
  orders: number;
  cpu: CpuReading;
  violations: string[];
}

interface OrderWritesOutcome {
  rows: RowResult[];
  series: Series[];
  /** Median orders/s of POST /v1/orders without a key, by connections. */
  postRate: Map<number, number>;
  cpuPerThousandOrders: Record<string, number | null>;
}

const PGBENCH_LABEL = 'pgbench: one statement writing order, event and SMS, one commit';

/**
 * Rows 1 and 2: POST /v1/orders without and with a fresh Idempotency-Key, alternated with pgbench
 * writing the same three rows in one statement, at each concurrency. The runs without a key also
 * give the CPU seconds per 1 000 orders of the API, PostgreSQL and Redis.
 */
export async function measureOrderWrites(
  context: BenchContext,
  stack: OrderStack,
): Promise<OrderWritesOutcome> {
  const { plan } = context;
  const place = async (tag: string, connections: number, durationS: number, keyed: boolean) => {
    await waitUntilQuiet(stack.api.url);
    const before = await readCpu(context, stack.api.pid);
    const load = await runHttpLoad({
      baseUrl: stack.api.url,
      method: 'POST',
      paths: ['/v1/orders'],
      headers: { authorization: `Bearer ${context.token}`, 'content-type': 'application/json' },
      bodies: [JSON.stringify({ customerId: stack.customerId, item: tag, amount: '180.00' })],
      freshIdempotencyKey: keyed,
      connections,
      durationS,
    });
    const cpu = cpuSpent(before, await readCpu(context, stack.api.pid));
    const { orders, violations } = await verifyPlacedOrders(stack.pool, tag, load, connections);
    return { rate: load.rate, p99: load.latency.p99, orders, cpu, violations } satisfies PlacedRun;
  };
  const pgbench = async (connections: number, durationS: number) => {
    await waitUntilQuiet(stack.api.url);
    return runOrderPgbench({
      pgbench: context.pgbench,
      databaseUrl: stack.databaseUrl,
      customerId: stack.customerId,
      clients: connections,
      durationS,
    });
  };

  const rows: RowResult[] = [];
  const points = { plain: [], keyed: [], pgbench: [] } as Record<
    'plain' | 'keyed' | 'pgbench',
    Series['points']
  >;
  const postRate = new Map<number, number>();
  const plainRuns: PlacedRun[] = [];

  const sweepViolations: string[] = [];
  for (const { connections, rounds, runS, inTable } of concurrencySteps(plan)) {
    context.progress(`rows 1–2: POST /v1/orders vs pgbench at ${connections} connections`);
    const warmups = [
      await place(`bench c${connections} warm-up plain`, connections, plan.warmupS, false),
      await place(`bench c${connections} warm-up key`, connections, plan.warmupS, true),
    ];
    await pgbench(connections, plan.warmupS);
    const runs = await alternate(rounds, {
      plain: (round) => place(`bench c${connections} r${round} plain`, connections, runS, false),
      keyed: (round) => place(`bench c${connections} r${round} key`, connections, runS, true),
      pgbench: () => pgbench(connections, runS),
    });
    const baseline = summarize(runs.pgbench.map((run) => run.rate));
    points.pgbench.push({
      connections,
      throughput: baseline.median,
      p99: median(runs.pgbench.map((run) => run.latency.p99)),
    });
    for (const kind of ['plain', 'keyed'] as const) {
      points[kind].push({
        connections,
        throughput: median(runs[kind].map((run) => run.rate)),
        p99: median(runs[kind].map((run) => run.p99)),
      });
    }
    const violations = [...warmups, ...runs.plain, ...runs.keyed].flatMap((run) => run.violations);
    if (!inTable) {
      // Chart-only points; what they break is still reported, on the first row.
      sweepViolations.push(...violations);
      continue;
    }
    plainRuns.push(...runs.plain);
    const pgbenchNotes = pgbenchNotesOf(runs.pgbench);
    const warmupViolations = [...warmups.flatMap((run) => run.violations), ...sweepViolations.splice(0)];

    for (const [kind, label, target] of [
      ['plain', 'POST /v1/orders', { text: '≥ 0.6× (stretch 0.8×)', value: 0.6 }],
      ['keyed', 'POST /v1/orders, fresh Idempotency-Key each', { text: '≥ 0.5×', value: 0.5 }],
    ] as const) {
      const placed = runs[kind];
      const figure = summarize(placed.map((run) => run.rate));
      rows.push(
        judge({
          id: `orders-post${kind === 'keyed' ? '-key' : ''}-c${connections}`,
          row: kind === 'plain' ? 1 : 2,
          label: `${label}, ${connections} connections`,
          unit: 'orders/s',
          figure,
          baseline: { label: PGBENCH_LABEL, figure: baseline },
          ratio: figure.median / baseline.median,
          target: { kind: 'ratio-at-least', ...target },
          notes: [
            `p99 ${Math.round(median(placed.map((run) => run.p99)))} ms (median of runs)`,
            ...pgbenchNotes,
          ],
          violations: [
            ...(kind === 'plain' ? warmupViolations : []),
            ...placed.flatMap((run) => run.violations),
          ],
        }),
      );
    }
    postRate.set(connections, summarize(runs.plain.map((run) => run.rate)).median);
  }

  return {
    rows,
    series: [
      { name: 'POST /v1/orders', baseline: false, points: points.plain },
      { name: 'POST /v1/orders + Idempotency-Key', baseline: false, points: points.keyed },
      { name: 'pgbench, lean order transaction', baseline: true, points: points.pgbench },
    ],
    postRate,
    cpuPerThousandOrders: cpuPerThousand(plainRuns),
  };
}

/**
 * The concurrencies of the table (rows 1–3, `rounds` each) after the chart-only sweep, which
 * draws the curves below them with fewer and shorter rounds.
 */
export function concurrencySteps(plan: Plan) {
  return [
    ...plan.sweepConnections.map((connections) => ({
      connections,
      rounds: plan.sweepRounds,
      runS: plan.sweepRunS,
      inTable: false,
    })),
    ...plan.connections.map((connections) => ({
      connections,
      rounds: plan.rounds,
      runS: plan.runS,
      inTable: true,
    })),
  ];
}

function pgbenchNotesOf(runs: PgbenchResult[]): string[] {
  const failed = runs.reduce((sum, run) => sum + run.failed, 0);
  const p99 = Math.round(median(runs.map((run) => run.latency.p99)));
  return [`pgbench p99 ${p99} ms`, ...(failed > 0 ? [`pgbench: ${failed} transactions failed`] : [])];
}

function cpuPerThousand(runs: PlacedRun[]): Record<string, number | null> {
  const orders = runs.reduce((sum, run) => sum + run.orders, 0);
  const per = (pick: (cpu: CpuReading) => number | undefined) => {
    const values = runs.map((run) => pick(run.cpu));
    if (orders === 0 || values.some((value) => value === undefined)) {
      return null;
    }
    return ((values as number[]).reduce((sum, value) => sum + value, 0) / orders) * 1000;
  };
  return {
    api: per((cpu) => cpu.api),
    postgres: per((cpu) => cpu.postgres),
    redis: per((cpu) => cpu.redis),
  };
}
