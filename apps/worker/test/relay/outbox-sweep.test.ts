import { randomUUID } from 'node:crypto';
import { createSmsProducer } from '@sokoni/contracts';
import { createDb, customers, notifications } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { eq, inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { claimDueRows } from '../../src/relay/claim-due-rows.ts';
import { createOutboxRelay } from '../../src/relay/outbox-relay.ts';

const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 2 });
const producer = createSmsProducer({
  redisUrl: env.redisUrl,
  prefix: env.queuePrefix,
  settings: {
    SMS_ATTEMPTS: 3,
    SMS_BACKOFF_MS: 100,
    SMS_KEEP_COMPLETED_COUNT: 10,
    SMS_KEEP_COMPLETED_AGE_S: 60,
    SMS_KEEP_FAILED_COUNT: 10,
    SMS_KEEP_FAILED_AGE_S: 60,
  },
  timeoutMs: 2000,
  onError: () => {},
});
afterAll(async () => {
  await producer.close();
  await handle.close();
});

const [customer] = await handle.db
  .insert(customers)
  .values({ name: 'Achieng Otieno', phone: '+254711000001' })
  .returning();
const customerId = customer?.id ?? '';

const hourAgo = () => new Date(Date.now() - 3_600_000);

async function owe(status: 'pending' | 'queued' | 'sending', createdAt: Date): Promise<string> {
  const id = randomUUID();
  await handle.db.insert(notifications).values({
    id,
    customerId,
    trigger: 'resend',
    recipient: '+254711000001',
    body: 'Sokoni: owed',
    status,
    idempotencyKey: `test:${id}`,
    createdAt,
    updatedAt: createdAt,
    enqueuedAt: status === 'pending' ? null : createdAt,
  });
  return id;
}

/** A relay over the real queue that records every batch of ids it adds. */
function relayRecording(options: { batchSize: number; requeueAfterMs: number }) {
  const added: string[][] = [];
  const metrics = createWorkerMetrics();
  const relay = createOutboxRelay({
    db: handle.db,
    queue: {
      queue: producer.queue,
      connection: producer.connection,
      addSmsJobs: async (ids) => {
        added.push(ids);
        if (added.length > 10) {
          throw new Error('the sweep keeps taking the same rows');
        }
        await producer.addSmsJobs(ids);
      },
    },
    metrics,
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: options.requeueAfterMs,
    batchSize: options.batchSize,
    maxAgeMs: 24 * 3_600_000,
  });
  onTestFinished(() => relay.stop());
  return { relay, added, metrics };
}

it('hands a row left sending to the queue once per requeue period, and reaches the rows after it', async () => {
  const stuck = await owe('sending', new Date(hourAgo().getTime() - 1000));
  const pending = await owe('pending', hourAgo());
  const { relay, added, metrics } = relayRecording({ batchSize: 1, requeueAfterMs: 60_000 });
  // Started (its timer far off) so that a full batch is followed at once by the next one.
  relay.start();

  await relay.sweep();
  expect(added).toEqual([[stuck], [pending]]);
  // Two batches of one row; the row left sending was handed over before, so it is re-queued.
  const batches = (await metrics.relayBatchRows.get()).values;
  expect(batches.find((value) => value.metricName === 'sokoni_outbox_relay_batch_rows_count')?.value).toBe(2);
  expect((await metrics.relayRequeued.get()).values[0]?.value).toBe(1);
  expect(
    (await producer.queue.getJobs(['wait', 'prioritized', 'delayed'])).map((job) => job.data.notificationId),
  ).toEqual(expect.arrayContaining([stuck, pending]));

  // Nothing is due again until the requeue period has passed once more.
  await relay.sweep();
  expect(added).toHaveLength(2);
  const rows = await handle.db
    .select()
    .from(notifications)
    .where(inArray(notifications.id, [stuck, pending]));
  expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
    [stuck]: 'sending',
    [pending]: 'queued',
  });
});

it('finds a row again a requeue period after a relay claimed it and died before adding its job', async () => {
  const orphan = await owe('pending', hourAgo());
  const requeueAfterMs = 2000;
  // The claim of a relay that never got further: committed, and no job added.
  const claimed = await claimDueRows(handle.db, { graceMs: 0, requeueAfterMs, limit: 100 });
  expect(claimed.map((row) => row.id)).toContain(orphan);

  const { relay, added } = relayRecording({ batchSize: 100, requeueAfterMs });
  // Not due while the claim is fresh: another replica leaves it alone.
  await relay.sweep();
  expect(added.flat()).not.toContain(orphan);

  // Then due again once the requeue period has passed since the claim.
  const deadline = Date.now() + requeueAfterMs + 10_000;
  while (!added.flat().includes(orphan)) {
    if (Date.now() > deadline) {
      throw new Error('the row a dead relay claimed was never handed to the queue');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    await relay.sweep();
  }
  const [row] = await handle.db.select().from(notifications).where(eq(notifications.id, orphan));
  expect(row?.status).toBe('queued');
  expect(await producer.queue.getJob(`sms-${orphan}`)).toBeDefined();
});

it('gives back the next batch, claimed while the current one was being added, when the add fails', async () => {
  const first = await owe('pending', new Date(hourAgo().getTime() - 2000));
  const second = await owe('pending', new Date(hourAgo().getTime() - 1000));
  const relay = createOutboxRelay({
    db: handle.db,
    queue: {
      queue: producer.queue,
      connection: producer.connection,
      addSmsJobs: async () => {
        throw new Error('Redis refused the batch');
      },
    },
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 60_000,
    batchSize: 1,
    maxAgeMs: 24 * 3_600_000,
  });
  // Started, so that a full batch has the next one claimed at once.
  relay.start();
  onTestFinished(() => relay.stop());

  await expect(relay.sweep()).rejects.toThrow('Redis refused the batch');
  // Both claims are given back: each row is due again at the next sweep, not a requeue period later.
  const rows = await handle.db
    .select()
    .from(notifications)
    .where(inArray(notifications.id, [first, second]));
  expect(rows.map((row) => [row.status, row.enqueuedAt])).toEqual([
    ['pending', null],
    ['pending', null],
  ]);
});
