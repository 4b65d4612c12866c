import { randomUUID } from 'node:crypto';
import { createDb, customers, type DbHandle, notifications } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkerMetrics } from '../src/metrics.ts';
import { createOutboxRelay } from '../src/relay/outbox-relay.ts';

let handle: DbHandle;
let customerId: string;

beforeAll(async () => {
  const env = await useTestEnvironment();
  handle = createDb({ url: env.databaseUrl, max: 2 });
  const [customer] = await handle.db
    .insert(customers)
    .values({ name: 'Achieng Otieno', phone: '+254711000001' })
    .returning();
  customerId = customer?.id ?? '';
});
afterAll(() => handle.close());

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

function relayRecording(batchSize: number) {
  const enqueued: string[][] = [];
  const relay = createOutboxRelay({
    db: handle.db,
    enqueue: async (ids) => {
      enqueued.push(ids);
      if (enqueued.length > 10) {
        throw new Error('the sweep keeps taking the same rows');
      }
    },
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 60_000,
    batchSize,
  });
  return { relay, enqueued };
}

it('hands a row left sending to the queue once per requeue period, and reaches the rows after it', async () => {
  const stuck = await owe('sending', new Date(hourAgo().getTime() - 1000));
  const pending = await owe('pending', hourAgo());
  const { relay, enqueued } = relayRecording(1);
  // Started (its timer far off) so that a full batch is followed at once by the next one.
  relay.start();
  afterAll(() => relay.stop());

  await relay.sweep();
  expect(enqueued).toEqual([[stuck], [pending]]);

  // Nothing is due again until the requeue period has passed once more.
  await relay.sweep();
  expect(enqueued).toHaveLength(2);
  const rows = await handle.db
    .select()
    .from(notifications)
    .where(inArray(notifications.id, [stuck, pending]));
  expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
    [stuck]: 'sending',
    [pending]: 'queued',
  });
});
