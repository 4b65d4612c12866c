import { createSmsProducer } from '@sokoni/contracts';
import { createDb } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { createOutboxRelay } from '../../src/relay/outbox-relay.ts';
import { createOwedRows, hour, testJobSettings } from '../support/owed-rows.ts';

const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 2 });
const producer = createSmsProducer({
  redisUrl: env.redisUrl,
  prefix: env.queuePrefix,
  settings: testJobSettings,
  timeoutMs: 2000,
  onError: () => {},
});
afterAll(async () => {
  await producer.close();
  await handle.close();
});
const { owe } = await createOwedRows(handle.db);

it('sends a new order’s SMS before the backlog the relay handed over again', async () => {
  // A backlog whose jobs Redis lost: the relay hands every row over again.
  const backlog = await Promise.all(Array.from({ length: 20 }, (_, i) => owe('queued', hour + i * 1000)));
  const relay = createOutboxRelay({
    db: handle.db,
    queue: producer,
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 10 * 60_000,
    batchSize: 100,
    maxAgeMs: 24 * hour,
  });
  expect(await relay.sweep()).toBe(backlog.length);

  // Then an order commits and the API adds its job, after the whole backlog.
  const fresh = await owe('pending', 0);
  await producer.addSmsJobs([fresh]);

  const processed: string[] = [];
  const connection = new Redis(env.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(
    producer.queue.name,
    async (job) => {
      processed.push(job.data.notificationId);
    },
    { connection, prefix: env.queuePrefix, concurrency: 1 },
  );
  onTestFinished(async () => {
    await worker.close();
    connection.disconnect();
  });
  await new Promise<void>((resolve) => {
    worker.on('completed', () => {
      if (processed.length === backlog.length + 1) {
        resolve();
      }
    });
  });

  expect(processed[0]).toBe(fresh);
  expect(new Set(processed.slice(1))).toEqual(new Set(backlog));
});
