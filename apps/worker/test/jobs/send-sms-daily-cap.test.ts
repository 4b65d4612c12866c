import { randomUUID } from 'node:crypto';
import { createSmsProducer, SEND_SMS_JOB } from '@sokoni/contracts';
import { createDb, customers, type NotificationStatus, notifications, suppressionReason } from '@sokoni/db';
import type { SendSmsRequest, SmsGateway } from '@sokoni/sms-gateway';
import { useTestEnvironment } from '@sokoni/testing';
import { inArray } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { createSendSmsJob } from '../../src/jobs/send-sms.job.ts';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { hour, testJobSettings } from '../support/owed-rows.ts';

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

/** Africa's Talking stand-in: accepts every SMS and remembers it. */
const sent: SendSmsRequest[] = [];
const gateway: SmsGateway = {
  send: async (request) => {
    sent.push(request);
    return {
      outcome: 'accepted',
      messageId: `ATXid_${randomUUID()}`,
      statusCode: 101,
      cost: 'KES 0.8000',
      httpStatus: 201,
      status: 'Success',
      detail: 'Success',
    };
  },
  close: async () => {},
};

function sendSmsJob(dailyCap: number) {
  return createSendSmsJob({
    db: handle.db,
    gateway,
    metrics: createWorkerMetrics(),
    log: pino({ level: 'silent' }),
    pauseQueue: async () => {},
    accountPauseMs: 1000,
    staleSendingMs: 30_000,
    maxAgeMs: 24 * hour,
    dailyCapPerCustomer: dailyCap,
  });
}

let phones = 0;
async function customer(): Promise<{ id: string; phone: string }> {
  phones += 1;
  const phone = `+2547110010${String(phones).padStart(2, '0')}`;
  const [row] = await handle.db.insert(customers).values({ name: 'Njeri Wanjiku', phone }).returning();
  return { id: row?.id ?? '', phone };
}

/** A notification row of `customerId`: owed (`queued`), or sent `sentAgoMs` ago. */
async function notification(
  customerId: string,
  options: { trigger?: string; status?: NotificationStatus; sentAgoMs?: number } = {},
): Promise<string> {
  const id = randomUUID();
  const sentAt = options.sentAgoMs === undefined ? null : new Date(Date.now() - options.sentAgoMs);
  await handle.db.insert(notifications).values({
    id,
    customerId,
    trigger: options.trigger ?? 'order.created',
    recipient: '+254711001000',
    body: 'Sokoni: your order',
    status: options.status ?? 'queued',
    idempotencyKey: `test:${id}`,
    createdAt: sentAt ?? new Date(),
    sentAt,
  });
  return id;
}

async function statuses(ids: string[]) {
  const rows = await handle.db.select().from(notifications).where(inArray(notifications.id, ids));
  return Object.fromEntries(rows.map((row) => [row.id, { status: row.status, lastError: row.lastError }]));
}

async function run(sendSms: ReturnType<typeof createSendSmsJob>, ids: string[]) {
  return Promise.all(
    ids.map(async (id) =>
      sendSms(
        await producer.queue.add(SEND_SMS_JOB, { version: 1, notificationId: id }, { jobId: `sms-${id}` }),
      ),
    ),
  );
}

it('records an SMS over the customer’s daily cap as suppressed, with its reason, and sends it not', async () => {
  const capped = await customer();
  for (let i = 0; i < 2; i += 1) {
    await notification(capped.id, { status: 'delivered', sentAgoMs: 2 * hour });
  }
  const other = await customer();
  await notification(other.id, { status: 'sent', sentAgoMs: hour });
  const yesterday = await customer();
  for (let i = 0; i < 2; i += 1) {
    await notification(yesterday.id, { status: 'delivered', sentAgoMs: 25 * hour });
  }
  const over = await notification(capped.id, { trigger: 'order.status.confirmed' });
  const pending = await notification(capped.id, { status: 'pending' });
  const underCap = await notification(other.id);
  const windowPassed = await notification(yesterday.id);
  sent.length = 0;

  const results = await run(sendSmsJob(2), [over, pending, underCap, windowPassed]);

  expect(results).toEqual([
    { outcome: 'skipped', status: 'suppressed' },
    { outcome: 'skipped', status: 'suppressed' },
    { outcome: 'sent', providerMessageId: expect.any(String) },
    { outcome: 'sent', providerMessageId: expect.any(String) },
  ]);
  expect(sent).toHaveLength(2);
  expect(await statuses([over, pending, underCap, windowPassed])).toEqual({
    [over]: { status: 'suppressed', lastError: suppressionReason(2) },
    [pending]: { status: 'suppressed', lastError: suppressionReason(2) },
    [underCap]: { status: 'sent', lastError: null },
    [windowPassed]: { status: 'sent', lastError: null },
  });
});

it('sends an operator’s resend even over the cap, and counts it', async () => {
  const capped = await customer();
  await notification(capped.id, { status: 'delivered', sentAgoMs: hour });
  const resend = await notification(capped.id, { trigger: 'resend' });
  sent.length = 0;

  expect(await run(sendSmsJob(1), [resend])).toEqual([
    { outcome: 'sent', providerMessageId: expect.any(String) },
  ]);
  expect(sent).toHaveLength(1);

  // The resend is one more SMS sent to the customer today: the next owed one stays over the cap.
  const next = await notification(capped.id, { trigger: 'order.status.shipped' });
  expect(await run(sendSmsJob(2), [next])).toEqual([{ outcome: 'skipped', status: 'suppressed' }]);
});

it('caps nothing when the cap is 0', async () => {
  const busy = await customer();
  for (let i = 0; i < 30; i += 1) {
    await notification(busy.id, { status: 'delivered', sentAgoMs: hour });
  }
  const owed = await notification(busy.id);
  expect(await run(sendSmsJob(0), [owed])).toEqual([
    { outcome: 'sent', providerMessageId: expect.any(String) },
  ]);
});
