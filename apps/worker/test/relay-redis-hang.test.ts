import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { createSmsProducer } from '@sokoni/contracts';
import { createDb, customers, type DbHandle, notifications } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkerMetrics } from '../src/metrics.ts';
import { createOutboxRelay } from '../src/relay/outbox-relay.ts';
import { retryFailedJobs } from '../src/relay/retry-failed-jobs.ts';

// A Redis that stops answering without closing its connections (a network partition, a frozen
// primary): the kind of outage a fail-fast connection does not notice by itself.
let frozen = false;
const sockets: Socket[] = [];
let proxyUrl = '';
let handle: DbHandle;
let queuePrefix = '';

beforeAll(async () => {
  const env = await useTestEnvironment();
  queuePrefix = env.queuePrefix;
  const target = new URL(env.redisUrl);
  const proxy = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    sockets.push(client, upstream);
    client.on('data', (chunk) => {
      if (!frozen) {
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk) => {
      if (!frozen) {
        client.write(chunk);
      }
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  const address = proxy.address();
  proxyUrl = `redis://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  afterAll(() => {
    for (const socket of sockets) {
      socket.destroy();
    }
    proxy.close();
  });
  handle = createDb({ url: env.databaseUrl, max: 2 });
  afterAll(() => handle.close());
});

const settings = {
  SMS_ATTEMPTS: 3,
  SMS_BACKOFF_MS: 100,
  SMS_KEEP_COMPLETED_COUNT: 10,
  SMS_KEEP_COMPLETED_AGE_S: 60,
  SMS_KEEP_FAILED_COUNT: 10,
  SMS_KEEP_FAILED_AGE_S: 60,
};

it('a relay sweep fails, rather than hangs with its rows locked, when Redis stops answering', async () => {
  const [customer] = await handle.db
    .insert(customers)
    .values({ name: 'Baraka Mwangi', phone: '+254711000002' })
    .returning();
  const id = randomUUID();
  const longAgo = new Date(Date.now() - 3_600_000);
  // A row handed to the queue long ago: the relay looks up its job, which takes Redis calls.
  await handle.db.insert(notifications).values({
    id,
    customerId: customer?.id ?? '',
    trigger: 'resend',
    recipient: '+254711000002',
    body: 'Sokoni: owed',
    status: 'queued',
    idempotencyKey: `test:${id}`,
    createdAt: longAgo,
    enqueuedAt: longAgo,
  });

  const producer = createSmsProducer({
    redisUrl: proxyUrl,
    prefix: queuePrefix,
    settings,
    timeoutMs: 200,
    onError: () => {},
  });
  afterAll(() => producer.close());
  if (producer.connection.status !== 'ready') {
    await once(producer.connection, 'ready');
  }
  const log = pino({ level: 'silent' });
  const relay = createOutboxRelay({
    db: handle.db,
    enqueue: async (ids, stale) => {
      // The add has a timeout of its own; the look-ups after it must not wait forever either.
      await producer.addSmsJobs(ids);
      frozen = true;
      await retryFailedJobs(producer.queue, stale, log);
    },
    metrics: createWorkerMetrics(),
    log,
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 60_000,
    batchSize: 10,
  });

  await expect(relay.sweep()).rejects.toThrow();
  // The row was not marked, and is free for the next sweep.
  const [row] = await handle.db
    .select()
    .from(notifications)
    .for('update', { noWait: true })
    .where(eq(notifications.id, id));
  expect(row?.enqueuedAt).toEqual(longAgo);
});
