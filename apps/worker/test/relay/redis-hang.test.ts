import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { createSmsProducer } from '@sokoni/contracts';
import { createDb, customers, type DbHandle, notifications } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, expect, it, onTestFinished } from 'vitest';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { createOutboxRelay } from '../../src/relay/outbox-relay.ts';

// A Redis that stops answering without closing its connections (a network partition, a frozen
// primary): the kind of outage a fail-fast connection does not notice by itself.
let frozen = false;
const sockets: Socket[] = [];
const env = await useTestEnvironment();
const queuePrefix = env.queuePrefix;
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
const proxyUrl = `redis://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const handle: DbHandle = createDb({ url: env.databaseUrl, max: 2 });
afterAll(async () => {
  for (const socket of sockets) {
    socket.destroy();
  }
  proxy.close();
  await handle.close();
});

const settings = {
  SMS_ATTEMPTS: 3,
  SMS_BACKOFF_MS: 100,
  SMS_KEEP_COMPLETED_COUNT: 10,
  SMS_KEEP_COMPLETED_AGE_S: 60,
  SMS_KEEP_FAILED_COUNT: 10,
  SMS_KEEP_FAILED_AGE_S: 60,
};

it('a relay sweep fails, rather than hangs, when Redis stops answering, and leaves its rows due at the next sweep', async () => {
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
  onTestFinished(() => producer.close());
  if (producer.connection.status !== 'ready') {
    await once(producer.connection, 'ready');
  }
  const relay = createOutboxRelay({
    db: handle.db,
    queue: {
      queue: producer.queue,
      connection: producer.connection,
      addSmsJobs: async (ids) => {
        // Redis stops answering between the batch's look-up and its add: the add must not
        // wait forever, and the claim must be given back.
        frozen = true;
        await producer.addSmsJobs(ids);
      },
    },
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 60_000,
    batchSize: 10,
    maxAgeMs: 24 * 3_600_000,
  });

  await expect(relay.sweep()).rejects.toThrow();
  // The claim was given back and no lock is held: the row is due at the next sweep.
  const [row] = await handle.db
    .select()
    .from(notifications)
    .for('update', { noWait: true })
    .where(eq(notifications.id, id));
  expect(row?.enqueuedAt).toEqual(longAgo);

  // The next sweep, here another replica's with a Redis that answers, hands it over.
  const healthy = createSmsProducer({
    redisUrl: env.redisUrl,
    prefix: queuePrefix,
    settings,
    timeoutMs: 2000,
    onError: () => {},
  });
  onTestFinished(() => healthy.close());
  if (healthy.connection.status !== 'ready') {
    await once(healthy.connection, 'ready');
  }
  const next = createOutboxRelay({
    db: handle.db,
    queue: healthy,
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    intervalMs: 60_000,
    graceMs: 0,
    requeueAfterMs: 60_000,
    batchSize: 10,
    maxAgeMs: 24 * 3_600_000,
  });
  expect(await next.sweep()).toBe(1);
  expect(await healthy.queue.getJob(`sms-${id}`)).toBeDefined();
});
