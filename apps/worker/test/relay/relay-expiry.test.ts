import { createSmsProducer } from '@sokoni/contracts';
import { createDb, expiryReason } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
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
const { owe, statuses } = await createOwedRows(handle.db);

it('expires the rows still owed past their maximum age instead of handing them to the queue', async () => {
  const maxAgeMs = 24 * hour;
  const stalePending = await owe('pending', 25 * hour);
  const staleQueued = await owe('queued', 30 * hour);
  // Maybe already out: a row a worker was sending is left to the worker's own checks.
  const staleSending = await owe('sending', 25 * hour);
  const fresh = await owe('pending', hour);
  const added: string[] = [];
  const metrics = createWorkerMetrics();
  const relay = createOutboxRelay({
    db: handle.db,
    queue: {
      queue: producer.queue,
      connection: producer.connection,
      addSmsJobs: async (ids) => {
        added.push(...ids);
        await producer.addSmsJobs(ids);
      },
    },
    metrics,
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 10 * 60_000,
    batchSize: 100,
    maxAgeMs,
  });

  await relay.sweep();

  expect(await statuses([stalePending, staleQueued, staleSending, fresh])).toEqual({
    [stalePending]: { status: 'expired', lastError: expiryReason(maxAgeMs) },
    [staleQueued]: { status: 'expired', lastError: expiryReason(maxAgeMs) },
    [staleSending]: { status: 'sending', lastError: null },
    [fresh]: { status: 'queued', lastError: null },
  });
  expect(added).not.toContain(stalePending);
  expect(added).not.toContain(staleQueued);
  expect(added).toContain(fresh);
  expect(expiryReason(maxAgeMs)).toContain('24 h');
  expect((await metrics.relayExpired.get()).values[0]?.value).toBe(2);
});
