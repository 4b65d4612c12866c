import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { insertCustomer } from '../data/customers.ts';
import { insertNotifications, statusCounts } from '../data/notifications.ts';
import { cpuSecondsOf } from '../measure/proc.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { startSimulator, startWorker } from '../stack/apps.ts';
import { addJobs, createBenchProducer } from '../stack/sms-queue.ts';

const TAG = 'bench-backlog';
/** Seconds the worker runs before the window opens (connections made, limiter filled). */
const SETTLE_S = 2;

/**
 * Row 11: worker CPU per delivered SMS while a backlog drains at Africa's Talking's per-account
 * limit (production's SMS_RATE_LIMIT_MAX, 100/s). `backlogRows` rows and their jobs are waiting
 * before the worker starts; its CPU time (/proc) over a window of `backlogWindowS` seconds is
 * divided by the SMS sent in that window.
 */
export async function measureBacklogCpu(context: BenchContext): Promise<RowResult> {
  const { plan } = context;
  context.progress(`row 11: worker CPU per SMS while ${plan.backlogRows} SMS drain at 100/s`);
  const databaseUrl = await context.databases.create('backlog');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const queuePrefix = `bench-backlog-${randomBytes(3).toString('hex')}`;
  const producer = createBenchProducer(context.redisUrl, queuePrefix);
  const processes: AppProcess[] = [];
  try {
    const customerId = await insertCustomer(pool);
    const ids = await insertNotifications(pool, {
      customerId,
      count: plan.backlogRows,
      tag: TAG,
      status: 'queued',
      ageS: 0,
    });
    await addJobs(producer, ids);
    const simulator = await startSimulator({ name: 'at-sim-backlog' });
    processes.push(simulator);
    const worker = await startWorker({
      name: 'worker-backlog',
      databaseUrl,
      redisUrl: context.redisUrl,
      queuePrefix,
      simulatorUrl: simulator.url,
    });
    processes.push(worker);
    await sleep(SETTLE_S * 1000);

    const sent = async () => {
      const counts = await statusCounts(pool, TAG);
      return (counts.sent ?? 0) + (counts.delivered ?? 0);
    };
    const sentBefore = await sent();
    const cpuBefore = cpuSecondsOf(worker.pid);
    const started = performance.now();
    await sleep(plan.backlogWindowS * 1000);
    const cpuMs = (cpuSecondsOf(worker.pid) - cpuBefore) * 1000;
    const seconds = (performance.now() - started) / 1000;
    const delivered = (await sent()) - sentBefore;
    const counts = await statusCounts(pool, TAG);
    const violations = [
      ...(delivered === 0 ? ['no SMS was sent in the window'] : []),
      ...((counts.failed ?? 0) > 0 ? [`${counts.failed} SMS failed`] : []),
    ];
    return judge({
      id: 'backlog-cpu',
      row: 11,
      label: `worker CPU per SMS, ${plan.backlogRows}-SMS backlog draining at the 100/s limit`,
      unit: 'ms',
      figure: summarize([cpuMs / Math.max(1, delivered)]),
      target: { kind: 'at-most', text: '≤ 0.5 ms', value: 0.5 },
      notes: [`${delivered} SMS in a ${seconds.toFixed(1)} s window (${(delivered / seconds).toFixed(0)}/s)`],
      violations,
    });
  } finally {
    await Promise.all(processes.reverse().map((app) => app.stop()));
    await producer.queue.obliterate({ force: true }).catch(() => undefined);
    await producer.close();
    await pool.end();
  }
}
