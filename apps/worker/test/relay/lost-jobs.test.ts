import { createSmsProducer } from '@sokoni/contracts';
import { createDb } from '@sokoni/db';
import { startRedisServer, useTestEnvironment } from '@sokoni/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { createOutboxRelay } from '../../src/relay/outbox-relay.ts';
import { createOwedRows, hour, testJobSettings } from '../support/owed-rows.ts';

// A Redis server of this file's own: it is emptied (FLUSHALL) and its command counts are read
// (INFO commandstats), neither of which may touch the Redis other tests share.
const redisServer = await startRedisServer();
const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 2 });
const producer = createSmsProducer({
  redisUrl: redisServer.url,
  prefix: env.queuePrefix,
  settings: testJobSettings,
  timeoutMs: 2000,
  onError: () => {},
});
const admin = new Redis(redisServer.url);
afterAll(async () => {
  admin.disconnect();
  await producer.close();
  await handle.close();
});
const { owe } = await createOwedRows(handle.db);

const minute = 60_000;
const metrics = createWorkerMetrics();
const added: string[] = [];
/** A relay whose requeue period (10 min) is far longer than anything below waits. */
function createRelay(batchSize: number) {
  const relay = createOutboxRelay({
    db: handle.db,
    queue: {
      queue: producer.queue,
      connection: producer.connection,
      addSmsJobs: async (ids, lane) => {
        added.push(...ids);
        await producer.addSmsJobs(ids, lane);
      },
    },
    metrics,
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 5000,
    requeueAfterMs: 10 * minute,
    batchSize,
    maxAgeMs: 24 * hour,
  });
  // Started (its timer far off) so that a full batch is followed at once by the next one.
  relay.start();
  onTestFinished(() => relay.stop());
  return relay;
}

/** Calls of each Redis command since `CONFIG RESETSTAT`, from INFO commandstats. */
async function commandCounts(): Promise<Record<string, number>> {
  const info = await admin.info('commandstats');
  return Object.fromEntries(
    [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, name, calls]) => [name, Number(calls)]),
  );
}

it('re-adds, at the next sweep, the jobs Redis lost, and leaves alone a job that exists and a row being sent', async () => {
  const relay = createRelay(100);
  const lost = await owe('queued', minute);
  const readded = await owe('queued', minute);
  const beingSent = await owe('sending', minute);
  await producer.addSmsJobs([lost, readded]);
  await relay.sweep();
  expect(added).toEqual([]);

  await admin.flushall();
  // After the loss, one of the jobs was added again (the API, a resend): it exists.
  await producer.addSmsJobs([readded]);
  await relay.sweep();

  // Seconds after the loss, not RELAY_REQUEUE_AFTER_MS later.
  expect(added).toEqual([lost]);
  expect((await producer.queue.getJob(`sms-${lost}`))?.data.notificationId).toBe(lost);
  expect(await producer.queue.getJob(`sms-${beingSent}`)).toBeUndefined();
  // The job that existed is untouched: still the API's, in the fresh lane.
  expect((await producer.queue.getJob(`sms-${readded}`))?.opts.priority ?? 0).toBe(0);
  expect(await producer.queue.getJobCounts('wait', 'prioritized')).toEqual({ wait: 1, prioritized: 1 });

  // Caught up: the next sweep finds nothing more to add.
  await relay.sweep();
  expect(added).toEqual([lost]);
});

it('costs one GET a sweep while nothing is lost, and one look-up per batch, adding nothing, over a backlog whose jobs all wait', async () => {
  const relay = createRelay(100);
  await relay.sweep();

  await admin.config('RESETSTAT');
  await relay.sweep();
  const idle = await commandCounts();
  expect(idle.get).toBe(1);
  // Nothing else, but this test's own CONFIG RESETSTAT and INFO.
  expect(Object.keys(idle).filter((name) => name !== 'get' && !/^(config|info)/.test(name))).toEqual([]);

  // 250 SMS handed over 15 minutes ago, longer than the requeue period, their jobs waiting
  // behind the rate limit: the relay re-checks every one, in batches of 100.
  const backlog = await Promise.all(Array.from({ length: 250 }, () => owe('queued', 15 * minute)));
  await producer.addSmsJobs(backlog);
  added.length = 0;
  await admin.config('RESETSTAT');
  await relay.sweep();
  const backlogSweep = await commandCounts();

  expect(added).toEqual([]);
  expect(backlogSweep).toMatchObject({ get: 1, multi: 3, exec: 3, exists: 250, zmscore: 6 });
  // No BullMQ script ran: no job was added, moved or rewritten.
  expect(Object.keys(backlogSweep).filter((name) => name.startsWith('eval'))).toEqual([]);
});
