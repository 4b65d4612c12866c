import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PostedReport } from '../../src/delivery-reports/delivery-reporter.ts';
import type { FaultRule } from '../../src/faults/fault-rule.schema.ts';
import type { ReceivedMessage } from '../../src/messages/message-store.ts';
import {
  type CallbackReceiver,
  getJson,
  type RunningSimulator,
  sendJson,
  sendSms,
  startCallbackReceiver,
  startSimulator,
} from '../helper.ts';

const to = '+254712345678';
let receiver: CallbackReceiver;
let sim: RunningSimulator;

async function start(faults: FaultRule[] = [], extra: Parameters<typeof startSimulator>[0] = {}) {
  sim = await startSimulator({
    callbackUrl: receiver.url,
    dlrDelayMs: 20,
    dlrRetryBackoffMs: 5,
    faults,
    ...extra,
  });
  return sim;
}

/** Sends one message and waits until every report it will produce has been posted. */
async function sendAndSettle(number = to): Promise<string> {
  const answer = await sendSms(sim.url, { to: number, message: 'Your order has shipped' });
  const id = answer.json().SMSMessageData.Recipients[0]?.messageId ?? '';
  await sim.app.simulator.reporter.idle();
  return id;
}

beforeEach(async () => {
  receiver = await startCallbackReceiver();
});

afterEach(async () => {
  await sim?.close();
  await receiver.close();
});

describe('delivery reports', () => {
  it('posts an interim Submitted, then a final Success, form-encoded with AT fields', async () => {
    await start();
    const id = await sendAndSettle();
    expect(receiver.reports).toEqual([
      { id, status: 'Submitted', phoneNumber: to, networkCode: '63902', retryCount: '0' },
      { id, status: 'Success', phoneNumber: to, networkCode: '63902', retryCount: '0' },
    ]);
    expect(receiver.contentTypes).toEqual([
      'application/x-www-form-urlencoded',
      'application/x-www-form-urlencoded',
    ]);
    const [message] = (await getJson<{ items: ReceivedMessage[] }>(`${sim.url}/messages`)).items;
    expect(message?.deliveryStatus).toBe('Success');
  });

  it('names the network of the number', async () => {
    await start();
    await sendAndSettle('+254733123456');
    await sendAndSettle('+2348031234567');
    expect(receiver.reports.map((r) => r.networkCode)).toEqual(['63903', '63903', '62130', '62130']);
  });

  it('sends no reports for refused recipients', async () => {
    await start([{ kind: 'recipientStatus', statusCode: 406 }]);
    await sendAndSettle();
    expect(receiver.reports).toEqual([]);
  });

  it.each([
    ['Failed', 'UserInBlackList'],
    ['Rejected', 'NotNetworkSubcriber'],
  ] as const)('reports a final %s with its failureReason', async (status, failureReason) => {
    await start([{ kind: 'dlrFinal', status, failureReason }]);
    const id = await sendAndSettle();
    expect(receiver.reports.map((r) => [r.status, r.failureReason])).toEqual([
      ['Submitted', undefined],
      [status, failureReason],
    ]);
    expect(receiver.reports[1]?.id).toBe(id);
  });

  it('uses DeliveryFailure when a failed final has no reason', async () => {
    await start([{ kind: 'dlrFinal', status: 'Failed' }]);
    await sendAndSettle();
    expect(receiver.reports[1]).toMatchObject({ status: 'Failed', failureReason: 'DeliveryFailure' });
  });

  it('duplicates the final report', async () => {
    await start([{ kind: 'dlrDuplicate', copies: 3 }]);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success', 'Success', 'Success']);
  });

  it('duplicates twice by default', async () => {
    await start([{ kind: 'dlrDuplicate' }]);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success', 'Success']);
  });

  it('reorders: final before interim', async () => {
    await start([{ kind: 'dlrReorder' }]);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Success', 'Submitted']);
  });

  it("delivers a late message's reports after those of the messages sent after it", async () => {
    // Default delay 20 ms; the first message's final report comes 400 ms after acceptance.
    await start([{ kind: 'dlrDelay', delayMs: 400, times: 1 }]);
    const late = await sendSms(sim.url, { to, message: 'Your order is confirmed' });
    const lateId = late.json().SMSMessageData.Recipients[0]?.messageId;
    const onTime = await sendAndSettle('+254733123456');
    // Its interim report comes at a quarter of its own delay, so both come after the other's.
    expect(receiver.reports.map((r) => [r.id, r.status])).toEqual([
      [onTime, 'Submitted'],
      [onTime, 'Success'],
      [lateId, 'Submitted'],
      [lateId, 'Success'],
    ]);
    const [onTimeMessage, lateMessage] = (await getJson<{ items: ReceivedMessage[] }>(`${sim.url}/messages`))
      .items;
    expect(lateMessage?.faults).toEqual(['dlrDelay']);
    expect(onTimeMessage?.faults).toEqual([]);
  });

  it('combines a late report with duplicated finals', async () => {
    await start([
      { kind: 'dlrDelay', delayMs: 60 },
      { kind: 'dlrDuplicate', copies: 2 },
    ]);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success', 'Success']);
  });

  it('drops every report, or only the final one', async () => {
    await start([
      { kind: 'dlrDrop', times: 1 },
      { kind: 'dlrDrop', which: 'final', times: 1 },
    ]);
    await sendAndSettle();
    expect(receiver.reports).toEqual([]);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted']);
    // Both rules are used up: the third message is reported in full.
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Submitted', 'Success']);
  });

  it('limits a report fault to its number', async () => {
    await start([{ kind: 'dlrFinal', status: 'Failed', to: '+254733123456' }]);
    await sendAndSettle();
    await sendAndSettle('+254733123456');
    expect(receiver.reports.map((r) => [r.phoneNumber, r.status])).toEqual([
      [to, 'Submitted'],
      [to, 'Success'],
      ['+254733123456', 'Submitted'],
      ['+254733123456', 'Failed'],
    ]);
  });

  it('retries a callback that fails, with backoff, and records the attempts', async () => {
    await start();
    receiver.failNext(500, 503);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success']);
    const { items } = await getJson<{ items: PostedReport[] }>(`${sim.url}/delivery-reports`);
    expect(items.map((r) => [r.status, r.attempts, r.delivered, r.lastError])).toEqual([
      ['Submitted', 3, true, null],
      ['Success', 1, true, null],
    ]);
  });

  it('gives up after the configured retries', async () => {
    await start([], { dlrRetries: 1 });
    receiver.failNext(500, 500);
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Success']);
    const { items } = await getJson<{ items: PostedReport[] }>(`${sim.url}/delivery-reports`);
    expect(items[0]).toMatchObject({
      status: 'Submitted',
      attempts: 2,
      delivered: false,
      lastError: 'HTTP 500',
    });
    expect((await sendJson('DELETE', `${sim.url}/delivery-reports`)).status).toBe(204);
    expect((await getJson<{ items: PostedReport[] }>(`${sim.url}/delivery-reports`)).items).toEqual([]);
  });

  it('survives a callback URL where nothing listens', async () => {
    await start([], { callbackUrl: 'http://127.0.0.1:9/nothing', dlrRetries: 0 });
    await sendAndSettle();
    const { items } = await getJson<{ items: PostedReport[] }>(`${sim.url}/delivery-reports`);
    expect(items.map((r) => r.delivered)).toEqual([false, false]);
    expect(items[0]?.lastError).toEqual(expect.any(String));
  });

  it('sends nothing without a callback URL, and follows a URL set at run time', async () => {
    await start([], { callbackUrl: null });
    await sendAndSettle();
    expect(receiver.reports).toEqual([]);

    const settings = await sendJson('PUT', `${sim.url}/control/delivery-reports`, {
      callbackUrl: receiver.url,
      delayMs: 10,
    });
    expect(settings).toMatchObject({ status: 200, body: { callbackUrl: receiver.url, delayMs: 10 } });
    expect(await getJson(`${sim.url}/control/delivery-reports`)).toEqual({
      callbackUrl: receiver.url,
      delayMs: 10,
    });
    await sendAndSettle();
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success']);

    await sendJson('PUT', `${sim.url}/control/delivery-reports`, { callbackUrl: null });
    await sendAndSettle();
    expect(receiver.reports).toHaveLength(2);
  });

  it('refuses invalid delivery-report settings with problem+json', async () => {
    await start();
    const response = await sendJson('PUT', `${sim.url}/control/delivery-reports`, { callbackUrl: 'ftp://x' });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    const problem = response.body as { status: number; errors: { detail: string }[] };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.detail)).toContain('/callbackUrl must match pattern "^https?://"');
  });

  it('closes while reports are still pending', async () => {
    await start([], { dlrDelayMs: 600_000 });
    await sendSms(sim.url, { to, message: 'hi' });
    await sim.close();
    expect(receiver.reports).toEqual([]);
  });

  it('delivers the reports of a message taken by a processed timeout', async () => {
    await start([{ kind: 'timeout', processed: true }]);
    await expect(
      sendSms(sim.url, { to, message: 'hi' }, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    await receiver.waitFor(2);
    expect(receiver.reports.map((r) => r.status)).toEqual(['Submitted', 'Success']);
  });
});
