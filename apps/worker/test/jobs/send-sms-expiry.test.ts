import { createSmsProducer, SEND_SMS_JOB } from '@sokoni/contracts';
import { createDb, expiryReason } from '@sokoni/db';
import type { SendSmsRequest, SmsGateway } from '@sokoni/sms-gateway';
import { useTestEnvironment } from '@sokoni/testing';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { createSendSmsJob } from '../../src/jobs/send-sms.job.ts';
import { createWorkerMetrics } from '../../src/metrics.ts';
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

/** Africa's Talking stand-in: accepts every SMS and remembers it. */
const sent: SendSmsRequest[] = [];
const gateway: SmsGateway = {
  send: async (request) => {
    sent.push(request);
    return {
      outcome: 'accepted',
      messageId: `ATXid_${sent.length}`,
      statusCode: 101,
      cost: 'KES 0.8000',
      httpStatus: 201,
      status: 'Success',
      detail: 'Success',
    };
  },
  close: async () => {},
};

const maxAgeMs = 24 * hour;
const sendSms = createSendSmsJob({
  db: handle.db,
  gateway,
  metrics: createWorkerMetrics(),
  log: pino({ level: 'silent' }),
  pauseQueue: async () => {},
  accountPauseMs: 1000,
  staleSendingMs: 30_000,
  maxAgeMs,
});

async function jobFor(notificationId: string) {
  return producer.queue.add(SEND_SMS_JOB, { version: 1, notificationId }, { jobId: `sms-${notificationId}` });
}

it('expires at claim time, without sending, an SMS whose job comes after its maximum age', async () => {
  const late = await owe('queued', 25 * hour);
  const latePending = await owe('pending', 25 * hour);
  const onTime = await owe('queued', 23 * hour);

  const results = await Promise.all([late, latePending, onTime].map(async (id) => sendSms(await jobFor(id))));

  expect(results).toEqual([
    { outcome: 'skipped', status: 'expired' },
    { outcome: 'skipped', status: 'expired' },
    { outcome: 'sent', providerMessageId: expect.any(String) },
  ]);
  expect(sent).toHaveLength(1);
  expect(await statuses([late, latePending, onTime])).toEqual({
    [late]: { status: 'expired', lastError: expiryReason(maxAgeMs) },
    [latePending]: { status: 'expired', lastError: expiryReason(maxAgeMs) },
    [onTime]: { status: 'sent', lastError: null },
  });
});
