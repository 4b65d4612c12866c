import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { percentile } from '../measure/stats.ts';

const run = promisify(execFile);
const orderScript = fileURLToPath(new URL('./order-transaction.sql', import.meta.url));

export interface PgbenchResult {
  /** Committed transactions per second (pgbench's tps without connection time). */
  rate: number;
  transactions: number;
  failed: number;
  latency: { p50: number; p99: number };
}

/**
 * pgbench running order-transaction.sql with `clients` connections (prepared statements, one
 * thread per core), each transaction logged so its latency percentiles can be read like
 * autocannon's.
 */
export async function runOrderPgbench(options: {
  pgbench: string;
  databaseUrl: string;
  customerId: string;
  clients: number;
  durationS: number;
}): Promise<PgbenchResult> {
  const logs = await mkdtemp(join(tmpdir(), 'sokoni-pgbench-'));
  try {
    const { stdout } = await run(
      options.pgbench,
      [
        '--no-vacuum',
        '--protocol=prepared',
        `--client=${options.clients}`,
        '--jobs=2',
        `--time=${Math.max(1, Math.round(options.durationS))}`,
        `--file=${orderScript}`,
        `--define=customer=${options.customerId}`,
        '--log',
        `--log-prefix=${join(logs, 'tx')}`,
        options.databaseUrl,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const read = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
    const latencies: number[] = [];
    for (const file of await readdir(logs)) {
      for (const line of (await readFile(join(logs, file), 'utf8')).split('\n')) {
        // client_id transaction_no time(µs) script_no time_epoch time_us
        const micros = Number(line.split(' ')[2]);
        if (line && Number.isFinite(micros)) {
          latencies.push(micros / 1000);
        }
      }
    }
    return {
      rate: read(/tps = ([\d.]+) \(without initial connection time\)/),
      transactions: read(/number of transactions actually processed: (\d+)/),
      failed: Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0),
      latency: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    };
  } finally {
    await rm(logs, { recursive: true, force: true });
  }
}
