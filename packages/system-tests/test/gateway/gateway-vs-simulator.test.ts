// The gateway client of packages/sms-gateway against apps/at-sim run as a process: both sides
// must agree on Africa's Talking's wire format.
import { type AfricasTalkingConfig, createAfricasTalkingGateway, type SmsGateway } from '@sokoni/sms-gateway';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../support/apps.ts';
import { SIM_API_KEY } from '../support/stack.ts';

const to = '+254712345678';
let url: string;
const gateways: SmsGateway[] = [];

function gateway(overrides: Partial<AfricasTalkingConfig> = {}): SmsGateway {
  const created = createAfricasTalkingGateway({
    baseUrl: url,
    username: 'sandbox',
    apiKey: SIM_API_KEY,
    senderId: 'SOKONI',
    enqueue: true,
    timeoutMs: 1_000,
    ...overrides,
  });
  gateways.push(created);
  return created;
}

async function fault(rule: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [rule] }),
  });
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  const sim = await startApp('at-sim', { NODE_ENV: 'test', LOG_LEVEL: 'warn', AT_SIM_API_KEY: SIM_API_KEY });
  url = sim.url;
});

beforeEach(async () => {
  await fetch(`${url}/control/faults`, { method: 'DELETE' });
  await fetch(`${url}/messages`, { method: 'DELETE' });
});

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
});

describe('the gateway against the AT simulator', () => {
  it('gets an accepted message with its id and cost, and the simulator sees our fields', async () => {
    const result = await gateway().send({ to, message: 'Order SO-1 confirmed' });
    expect(result).toMatchObject({
      outcome: 'accepted',
      httpStatus: 201,
      statusCode: 101,
      status: 'Success',
      messageId: expect.stringMatching(/^ATXid_[0-9a-f]{32}$/),
      cost: 'KES 0.8000',
    });
    const { items } = (await (await fetch(`${url}/messages`)).json()) as { items: Record<string, unknown>[] };
    expect(items).toEqual([
      expect.objectContaining({
        id: result.messageId,
        to,
        message: 'Order SO-1 confirmed',
        from: 'SOKONI',
        username: 'sandbox',
        enqueue: true,
      }),
    ]);
  });

  it.each([
    [102, 'accepted'],
    [401, 'account'],
    [402, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [405, 'account'],
    [406, 'permanent'],
    [407, 'transient'],
    [409, 'transient'],
    [500, 'transient'],
    [501, 'transient'],
    [502, 'permanent'],
  ])('classifies recipient statusCode %i as %s', async (statusCode, outcome) => {
    await fault({ kind: 'recipientStatus', statusCode });
    const result = await gateway().send({ to, message: 'hi' });
    expect(result.outcome).toBe(outcome);
    expect(result.statusCode).toBe(statusCode);
  });

  it('classifies a number AT refuses as permanent', async () => {
    const result = await gateway().send({ to: '0712345678', message: 'hi' });
    expect(result).toMatchObject({
      outcome: 'permanent',
      statusCode: 403,
      status: 'InvalidPhoneNumber',
      messageId: null,
    });
  });

  it('classifies a wrong API key as account-wide', async () => {
    const result = await gateway({ apiKey: 'wrong' }).send({ to, message: 'hi' });
    expect(result).toMatchObject({ outcome: 'account', httpStatus: 401 });
    expect(result.detail).toContain('The supplied authentication is invalid');
  });

  it('classifies an injected HTTP 401 as account-wide', async () => {
    await fault({ kind: 'httpError', status: 401 });
    expect((await gateway().send({ to, message: 'hi' })).outcome).toBe('account');
  });

  it('classifies HTTP 503 as transient', async () => {
    await fault({ kind: 'httpError', status: 503 });
    expect(await gateway().send({ to, message: 'hi' })).toMatchObject({
      outcome: 'transient',
      httpStatus: 503,
    });
  });

  it('classifies an empty Recipients with InvalidSenderId as permanent', async () => {
    await fault({ kind: 'emptyRecipients', message: 'InvalidSenderId' });
    expect(await gateway().send({ to, message: 'hi' })).toMatchObject({
      outcome: 'permanent',
      httpStatus: 201,
      statusCode: null,
      status: 'InvalidSenderId',
    });
  });

  it('classifies a timeout as transient', async () => {
    await fault({ kind: 'timeout' });
    expect(await gateway({ timeoutMs: 200 }).send({ to, message: 'hi' })).toMatchObject({
      outcome: 'transient',
      httpStatus: null,
      status: 'Timeout',
    });
  });

  it('times out when AT took the message but never answered, so a retry sends it again', async () => {
    await fault({ kind: 'timeout', processed: true, times: 1 });
    const client = gateway({ timeoutMs: 200 });
    expect((await client.send({ to, message: 'hi' })).outcome).toBe('transient');
    // A retry sends the SMS a second time: the duplicate the design warns about.
    expect((await client.send({ to, message: 'hi' })).outcome).toBe('accepted');
    const { items } = (await (await fetch(`${url}/messages`)).json()) as { items: { id: string | null }[] };
    expect(items.filter((m) => m.id !== null)).toHaveLength(2);
  });

  it('waits out latency shorter than its timeout', async () => {
    await fault({ kind: 'latency', delayMs: 50 });
    expect((await gateway().send({ to, message: 'hi' })).outcome).toBe('accepted');
  });

  it('sees a transient failure expire: transient, transient, accepted', async () => {
    await fault({ kind: 'recipientStatus', statusCode: 500, times: 2 });
    const client = gateway();
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) {
      outcomes.push((await client.send({ to, message: 'hi' })).outcome);
    }
    expect(outcomes).toEqual(['transient', 'transient', 'accepted']);
  });
});
