import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMS_QUEUE } from '@sokoni/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { insertCustomer } from '../data/customers.ts';
import { insertNotifications } from '../data/notifications.ts';
import { summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { startSimulator, startWorker } from '../stack/apps.ts';
import { addJobs, createBenchProducer } from '../stack/sms-queue.ts';

const TAG = 'bench-relay';
/** The relay's production batch size (RELAY_BATCH_SIZE), used by both baselines. */
const BATCH = 500;

/**
 * Row 8: notifications owed an SMS whose jobs Redis lost. `relayRows` rows are `queued` since an
 * hour (past the requeue age) and the queue prefix is new, i.e. empty. The worker is started
 * with production settings, except that it may send only one SMS an hour, so what is measured is
 * the relay putting every job back. Baselines on the same rows: the relay's claim alone in
 * PostgreSQL (lock a batch, stamp it, commit) and BullMQ's addBulk alone, each in batches of 500.
 */
export async function measureRelayRecovery(context: BenchContext): Promise<RowResult> {
  const { plan } = context;
  const count = plan.relayRows;
  context.progress(`row 8: the relay re-enqueues ${count} SMS whose jobs were lost`);
  const databaseUrl = await context.databases.create('relay');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const queuePrefix = `bench-relay-${randomBytes(3).toString('hex')}`;
  const connection = new Redis(context.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(SMS_QUEUE, { connection, prefix: queuePrefix });
  const processes: AppProcess[] = [];
  try {
    const customerId = await insertCustomer(pool);
    const ids = await insertNotifications(pool, {
      customerId,
      count,
      tag: TAG,
      status: 'queued',
      ageS: 3600,
    });
    const simulator = await startSimulator({ name: 'at-sim-relay' });
    processes.push(simulator);
    const startedAt = Date.now();
    const worker = await startWorker({
      name: 'worker-relay',
      databaseUrl,
      redisUrl: context.redisUrl,
      queuePrefix,
      simulatorUrl: simulator.url,
      overrides: { SMS_RATE_LIMIT_MAX: '1', SMS_RATE_LIMIT_DURATION_MS: '3600000' },
    });
    processes.push(worker);

    const deadline = Date.now() + plan.relayDeadlineS * 1000;
    let jobs = 0;
    let firstSeenAt: number | undefined;
    while (jobs < count && Date.now() < deadline) {
      await sleep(100);
      jobs = await jobCount(queue);
      if (jobs > 0 && firstSeenAt === undefined) {
        firstSeenAt = Date.now();
      }
    }
    const doneAt = Date.now();
    await worker.stop();
    // When the relay saw the rows: the start of the first sweep that stamped them (its
    // transaction's now()); the first job seen in Redis if the rows carry no such stamp.
    const { rows } = await pool.query<{ first: Date | null }>(
      `SELECT min(enqueued_at) AS first FROM notifications WHERE idempotency_key LIKE $1 AND enqueued_at >= $2`,
      [`${TAG}:%`, new Date(startedAt)],
    );
    const sawAt = rows[0]?.first?.getTime() ?? firstSeenAt ?? startedAt;
    const relayRate = jobs / Math.max(0.001, (doneAt - sawAt) / 1000);
    const violations =
      jobs < count ? [`the relay re-enqueued ${jobs} of ${count} SMS within ${plan.relayDeadlineS} s`] : [];

    context.progress('row 8: baselines, the claim alone and addBulk alone');
    const claimRate = await claimAlone(pool, count);
    const addRate = await addBulkAlone(context.redisUrl, ids);
    // Both steps one after the other, as any relay must do them: the best a relay could reach.
    const bothRate = 1 / (1 / claimRate + 1 / addRate);
    return judge({
      id: 'relay-recovery',
      row: 8,
      label: `relay: ${count} owed SMS whose jobs were lost, all re-enqueued`,
      unit: 'rows/s',
      figure: summarize([relayRate]),
      baseline: {
        label: `claim alone ${Math.round(claimRate)}/s then addBulk alone ${Math.round(addRate)}/s, in sequence`,
        figure: summarize([bothRate]),
      },
      ratio: relayRate / bothRate,
      target: { kind: 'at-least', text: '≥ 5 000 rows/s', value: 5000 },
      notes: [
        `one run of each (${count} rows); ${((doneAt - sawAt) / 1000).toFixed(1)} s from first sweep to last job`,
      ],
      violations,
    });
  } finally {
    await Promise.all(processes.reverse().map((app) => app.stop()));
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    await pool.end();
  }
}

/** Every job the queue holds, whatever its state. */
async function jobCount(queue: Queue): Promise<number> {
  const counts = await queue.getJobCounts(
    'wait',
    'prioritized',
    'delayed',
    'active',
    'completed',
    'failed',
    'waiting-children',
  );
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/** The relay's PostgreSQL step alone: lock a batch of due rows, stamp them, commit; until none is left. */
async function claimAlone(pool: pg.Pool, count: number): Promise<number> {
  await pool.query(
    `UPDATE notifications SET status = 'queued', enqueued_at = now() - interval '1 hour' WHERE idempotency_key LIKE $1`,
    [`${TAG}:%`],
  );
  const client = await pool.connect();
  try {
    const started = performance.now();
    let claimed = 0;
    for (;;) {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM notifications
         WHERE status = 'queued' AND coalesce(enqueued_at, created_at) < now() - interval '10 minutes'
         ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      await client.query('UPDATE notifications SET enqueued_at = now() WHERE id = ANY($1::uuid[])', [
        rows.map((row) => row.id),
      ]);
      await client.query('COMMIT');
      claimed += rows.length;
      if (rows.length < BATCH) {
        break;
      }
    }
    if (claimed !== count) {
      throw new Error(`the claim baseline found ${claimed} rows, not ${count}`);
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    client.release();
  }
}

/** BullMQ's addBulk alone, through the producer the API and the relay use, into an empty queue. */
async function addBulkAlone(redisUrl: string, ids: string[]): Promise<number> {
  const producer = createBenchProducer(redisUrl, `bench-addbulk-${randomBytes(3).toString('hex')}`);
  try {
    await producer.queue.waitUntilReady();
    const started = performance.now();
    await addJobs(producer, ids, BATCH);
    return ids.length / ((performance.now() - started) / 1000);
  } finally {
    await producer.queue.obliterate({ force: true }).catch(() => undefined);
    await producer.close();
  }
}
