// pnpm bench [--quick] [--rows 7,12] (bin/bench): every row of the Targets table of
// docs/benchmarks.md (or those listed), each against a baseline measured in the same run,
// printed as a table and written as JSON.
// It needs DATABASE_URL (a PostgreSQL server on this machine, for /proc), REDIS_URL and
// BENCH_PGBENCH (pgbench's path); bin/bench starts servers of its own and sets all three.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BenchContext } from './context.ts';
import { createCustomerThroughApi } from './data/customers.ts';
import { memoryOf, parentOf } from './measure/proc.ts';
import { fullPlan, quickPlan } from './plan.ts';
import { currentCommit, describeMachine, loadAverage } from './report/machine.ts';
import type { BenchResults, RowResult } from './report/results.ts';
import { renderTable } from './report/table.ts';
import { writeChart } from './report/write-chart.ts';
import { measureBacklogCpu } from './rows/backlog-cpu.ts';
import { measureDeliveryReportCpu } from './rows/delivery-reports.ts';
import { measureFixedRateLatency } from './rows/fixed-rate.ts';
import { measureListingScale } from './rows/listing-scale.ts';
import { measureOrderReads } from './rows/order-reads.ts';
import { measureOrderWrites } from './rows/order-writes.ts';
import { measurePipeline } from './rows/pipeline.ts';
import { measureRelayRecovery } from './rows/relay-recovery.ts';
import { measureStatisticsAndSearch } from './rows/statistics-and-search.ts';
import { measureWorkerThroughput } from './rows/worker-throughput.ts';
import type { AppProcess } from './stack/app-process.ts';
import { startApi, startIdp } from './stack/apps.ts';
import { createBenchDatabases } from './stack/databases.ts';
import { quickResultsFile, repoRoot, resultsFile, selectedResultsFile } from './stack/paths.ts';
import { mintAccessToken } from './stack/tokens.ts';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`pnpm bench needs ${name}; run it through bin/bench (pnpm bench), which sets it`);
    process.exit(1);
  }
  return value;
}

const plan = process.argv.includes('--quick') ? quickPlan : fullPlan;
/** `--rows 7,12`: only the measurements that give these rows (rows 1–4 and 6 share one API). */
const rowsArgument = process.argv[process.argv.indexOf('--rows') + 1];
const selectedRows =
  process.argv.includes('--rows') && rowsArgument ? new Set(rowsArgument.split(',').map(Number)) : undefined;
const wants = (...rows: number[]) => !selectedRows || rows.some((row) => selectedRows.has(row));
const serverUrl = requireEnv('DATABASE_URL');
const redisUrl = requireEnv('REDIS_URL');
const pgbench = process.env.BENCH_PGBENCH ?? 'pgbench';
const startedAt = new Date();
const progress = (message: string) => {
  const seconds = Math.round((Date.now() - startedAt.getTime()) / 1000);
  console.error(`[${String(seconds).padStart(4)} s] ${message}`);
};

/** Every key a bench run writes starts with `bench-`: queue prefixes only. */
async function removeBenchKeys(redis: Redis): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'bench-*', 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) {
      await redis.unlink(...keys);
    }
  } while (cursor !== '0');
}

async function postgresServerPid(pool: pg.Pool): Promise<number | undefined> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = rows[0]?.pid;
  return backend === undefined ? undefined : parentOf(backend);
}

async function main(): Promise<number> {
  progress(`pnpm bench (${plan.mode}) — apps as processes, NODE_ENV=production, LOG_LEVEL=warn`);
  const databases = await createBenchDatabases(serverUrl);
  const redis = new Redis(redisUrl);
  await removeBenchKeys(redis);
  const processes: AppProcess[] = [];
  let pool: pg.Pool | undefined;
  try {
    const databaseUrl = await databases.create('orders');
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const versions = {
      postgres:
        (await pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ??
        'unknown',
      redis: /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown',
      pgbench: execFileSync(pgbench, ['--version'], { encoding: 'utf8' }).trim(),
    };
    const machine = describeMachine(versions);
    const measured = currentCommit();

    const idp = await startIdp();
    processes.push(idp);
    const context: BenchContext = {
      plan,
      databases,
      redisUrl,
      issuer: idp.issuer,
      token: await mintAccessToken(idp.issuer),
      pgbench,
      postgresPid: await postgresServerPid(pool),
      redisCpuSeconds: async () => {
        const info = await redis.info('cpu');
        const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0);
        return read('used_cpu_user') + read('used_cpu_sys');
      },
      progress,
    };

    const webhookSecret = randomBytes(32).toString('hex');
    const api = await startApi({
      name: 'api',
      databaseUrl,
      redisUrl,
      queuePrefix: `bench-orders-${randomBytes(3).toString('hex')}`,
      issuer: idp.issuer,
      webhookSecret,
    });
    processes.push(api);
    const stack = {
      api,
      databaseUrl,
      pool,
      customerId: await createCustomerThroughApi(api.url, context.token),
    };

    const rows: RowResult[] = [];
    const ordersRows = wants(1, 2, 3, 4, 5, 6, 10);
    const writes = ordersRows ? await measureOrderWrites(context, stack) : undefined;
    const reads = ordersRows ? await measureOrderReads(context, stack) : undefined;
    const firstConnections = plan.connections[0] ?? 32;
    const apiOnlyRate = writes?.postRate.get(firstConnections) ?? Number.NaN;
    if (writes && reads) {
      rows.push(...writes.rows, ...reads.rows);
      rows.push(
        ...(await measureFixedRateLatency(context, stack, {
          post: apiOnlyRate,
          get: reads.getRate.get(firstConnections) ?? Number.NaN,
          orderPaths: reads.orderPaths,
        })),
      );
      rows.push(await measureDeliveryReportCpu(context, { ...stack, webhookSecret }));
    }
    const ordersApiPeak = memoryOf(api.pid).peakMiB;
    await api.stop();

    if (wants(5, 10)) {
      const pipelineRows = await measurePipeline(context, apiOnlyRate);
      for (const row of pipelineRows) {
        if (row.id === 'memory-api') {
          row.notes.push(`the API of rows 1–4 and 6 peaked at ${Math.round(ordersApiPeak)} MiB (VmHWM)`);
        }
      }
      rows.push(...pipelineRows);
    }
    if (wants(7)) {
      rows.push(...(await measureListingScale(context)));
    }
    if (wants(8)) {
      rows.push(await measureRelayRecovery(context));
    }
    if (wants(9)) {
      rows.push(await measureWorkerThroughput(context));
    }
    if (wants(11)) {
      rows.push(await measureBacklogCpu(context));
    }
    if (wants(12)) {
      rows.push(...(await measureStatisticsAndSearch(context)));
    }

    const results: BenchResults = {
      mode: plan.mode,
      startedAt: startedAt.toISOString(),
      durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      ...measured,
      machine: { ...machine, loadAverageAtEnd: loadAverage() },
      settings: {
        apps: 'NODE_ENV=production LOG_LEVEL=warn, production defaults except where a row says otherwise',
        idp: 'NODE_ENV=development (it refuses production); client-credentials token',
        postgres: 'bin/bench: local server, fsync=off, max_connections=300',
        pgbench: 'prepared statements, 2 threads, load/order-transaction.sql',
        loadGenerator: 'autocannon in a child process',
        ...Object.fromEntries(Object.entries(plan).filter(([key]) => key !== 'connections')),
        connections: plan.connections.join(', '),
      },
      rows: rows.sort((a, b) => a.row - b.row),
      cpuPerThousandOrders: writes?.cpuPerThousandOrders ?? {},
      series: [...(writes?.series ?? []), ...(reads?.series ?? [])],
    };
    // Only a full run of every row replaces the committed results and the chart.
    const complete = plan.mode === 'full' && !selectedRows;
    const file = selectedRows ? selectedResultsFile : plan.mode === 'full' ? resultsFile : quickResultsFile;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    if (complete) {
      // The committed results in the repository's own format, so they pass `biome ci` as written.
      try {
        execFileSync(join(repoRoot, 'node_modules/.bin/biome'), ['format', '--write', file], {
          stdio: 'ignore',
        });
      } catch {
        console.error(`could not format ${file} with biome; run pnpm exec biome format --write on it`);
      }
      writeChart(results);
    }

    console.log(renderTable(results));
    const violations = rows.reduce((sum, row) => sum + row.violations.length, 0);
    console.log('');
    console.log(`results: ${file}${complete ? ' (chart: docs/benchmarks-chart.svg)' : ''}`);
    console.log(
      `finished in ${results.durationS} s; ${violations === 0 ? 'no violations' : `${violations} VIOLATIONS`}`,
    );
    return violations === 0 ? 0 : 1;
  } finally {
    await Promise.all(processes.reverse().map((app) => app.stop()));
    await pool?.end();
    await databases.close();
    await removeBenchKeys(redis);
    redis.disconnect();
  }
}

process.exitCode = await main();
