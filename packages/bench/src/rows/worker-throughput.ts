import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { insertCustomer } from '../data/customers.ts';
import { insertNotifications, statusCounts } from '../data/notifications.ts';
import { allSimulatorMessages } from '../data/simulator-messages.ts';
import { runGatewaySends } from '../load/gateway-sends.ts';
import { alternate } from '../measure/alternate.ts';
import { cpuSecondsOf } from '../measure/proc.ts';
import { median, summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { SIMULATOR_API_KEY, startSimulator, startWorker } from '../stack/apps.ts';
import { addJobs, createBenchProducer } from '../stack/sms-queue.ts';

/** The worker's default SMS_CONCURRENCY, which the gateway-only ceiling uses too. */
const CONCURRENCY = 20;
const FINISHED = ['sent', 'delivered', 'failed', 'rejected'];

/**
 * Row 9: sends per second of the worker process against the simulator at zero latency, with the
 * account rate limit lifted, alternated with the gateway-only ceiling (the same number of HTTP
 * sends through @sokoni/sms-gateway, nothing else). For each round the queue is paused, the rows
 * and their jobs are written, and the clock starts when the queue is resumed.
 */
export async function measureWorkerThroughput(context: BenchContext): Promise<RowResult> {
  const { plan } = context;
  const count = plan.workerSends;
  context.progress(`row 9: worker sends/s vs the gateway alone (${count} SMS a run)`);
  const databaseUrl = await context.databases.create('worker');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const queuePrefix = `bench-worker-${randomBytes(3).toString('hex')}`;
  const producer = createBenchProducer(context.redisUrl, queuePrefix);
  const processes: AppProcess[] = [];
  try {
    const customerId = await insertCustomer(pool);
    const simulator = await startSimulator({ name: 'at-sim-worker' });
    processes.push(simulator);
    const worker = await startWorker({
      name: 'worker-throughput',
      databaseUrl,
      redisUrl: context.redisUrl,
      queuePrefix,
      simulatorUrl: simulator.url,
      overrides: { SMS_RATE_LIMIT_MAX: '1000000' },
    });
    processes.push(worker);
    const clearSimulator = async () => {
      await (await fetch(`${simulator.url}/messages`, { method: 'DELETE' })).arrayBuffer();
    };

    const sendThroughWorker = async (tag: string, sends: number) => {
      await producer.queue.pause();
      const ids = await insertNotifications(pool, {
        customerId,
        count: sends,
        tag,
        status: 'queued',
        ageS: 0,
      });
      await addJobs(producer, ids);
      await clearSimulator();
      const cpuBefore = cpuSecondsOf(worker.pid);
      const started = performance.now();
      await producer.queue.resume();
      const deadline = Date.now() + 120_000;
      let finished = 0;
      while (finished < sends && Date.now() < deadline) {
        await sleep(50);
        const counts = await statusCounts(pool, tag);
        finished = FINISHED.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      }
      const seconds = (performance.now() - started) / 1000;
      const cpuMs = (cpuSecondsOf(worker.pid) - cpuBefore) * 1000;
      const violations = await verifySends(pool, simulator.url, tag, sends);
      return { rate: finished / seconds, cpuMsPerSms: cpuMs / Math.max(1, finished), violations };
    };

    await sendThroughWorker('bench-worker-warm-up', Math.min(500, Math.ceil(count / 2)));
    const runs = await alternate(plan.workerRounds, {
      worker: (round) => sendThroughWorker(`bench-worker-r${round}`, count),
      gateway: async () => {
        await clearSimulator();
        return runGatewaySends({
          simulatorUrl: simulator.url,
          apiKey: SIMULATOR_API_KEY,
          count,
          concurrency: CONCURRENCY,
        });
      },
    });
    const figure = summarize(runs.worker.map((run) => run.rate));
    const baseline = summarize(runs.gateway.map((run) => run.rate));
    const gatewayFailures = runs.gateway.reduce((sum, run) => sum + run.failed, 0);
    return judge({
      id: 'worker-sends',
      row: 9,
      label: `worker sends/s to the simulator (${count} SMS a run, concurrency ${CONCURRENCY})`,
      unit: 'SMS/s',
      figure,
      baseline: {
        label: `the same sends through @sokoni/sms-gateway alone, concurrency ${CONCURRENCY}`,
        figure: baseline,
      },
      ratio: figure.median / baseline.median,
      target: { kind: 'ratio-at-least', text: '≥ 0.6×', value: 0.6 },
      notes: [
        `worker CPU ${median(runs.worker.map((run) => run.cpuMsPerSms)).toFixed(2)} ms per SMS at full speed`,
      ],
      violations: [
        ...runs.worker.flatMap((run) => run.violations),
        ...(gatewayFailures > 0 ? [`the gateway-only sender had ${gatewayFailures} sends refused`] : []),
      ],
    });
  } finally {
    await Promise.all(processes.reverse().map((app) => app.stop()));
    await producer.queue.obliterate({ force: true }).catch(() => undefined);
    await producer.close();
    await pool.end();
  }
}

/** Every row sent, none failed, and the simulator received each message exactly once. */
async function verifySends(
  pool: pg.Pool,
  simulatorUrl: string,
  tag: string,
  expected: number,
): Promise<string[]> {
  const counts = await statusCounts(pool, tag);
  const sent = (counts.sent ?? 0) + (counts.delivered ?? 0);
  const violations: string[] = [];
  if (sent !== expected) {
    violations.push(`${tag}: ${sent} of ${expected} SMS sent (${JSON.stringify(counts)})`);
  }
  const items = await allSimulatorMessages(simulatorUrl);
  const perOrder = new Map<string, number>();
  for (const item of items) {
    const order = /ORD-\d+/.exec(item.message)?.[0] ?? item.message;
    perOrder.set(order, (perOrder.get(order) ?? 0) + 1);
  }
  const repeated = [...perOrder.values()].filter((n) => n > 1).length;
  if (repeated > 0) {
    violations.push(`${tag}: ${repeated} SMS reached the simulator more than once`);
  }
  if (perOrder.size < sent) {
    violations.push(`${tag}: ${sent - perOrder.size} SMS recorded as sent never reached the simulator`);
  }
  return violations;
}
