import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredFaultRule } from '../../src/faults/fault-store.ts';
import type { ReceivedMessage } from '../../src/messages/message-store.ts';
import { getJson, type RunningSimulator, sendJson, sendSms, startSimulator } from '../helper.ts';

const to = '+254712345678';
const other = '+254733123456';
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

beforeEach(async () => {
  await sendJson('DELETE', `${sim.url}/control/faults`);
  await sendJson('DELETE', `${sim.url}/messages`);
});

afterAll(async () => {
  await sim.close();
});

async function addFaults(...rules: Record<string, unknown>[]): Promise<StoredFaultRule[]> {
  const response = await sendJson('POST', `${sim.url}/control/faults`, { rules });
  expect(response.status).toBe(201);
  return (response.body as { rules: StoredFaultRule[] }).rules;
}

const activeRules = async () =>
  (await getJson<{ rules: StoredFaultRule[] }>(`${sim.url}/control/faults`)).rules;
const messages = async () => (await getJson<{ items: ReceivedMessage[] }>(`${sim.url}/messages`)).items;

describe('fault rules: answers', () => {
  it.each([
    [405, 'InsufficientBalance'],
    [500, 'InternalServerError'],
    [406, 'UserInBlacklist'],
    [401, 'RiskHold'],
    [102, 'Queued'],
  ])('answers recipient statusCode %i (%s)', async (statusCode, status) => {
    await addFaults({ kind: 'recipientStatus', statusCode });
    const answer = await sendSms(sim.url, { to, message: 'hi' });
    expect(answer.status).toBe(201);
    const [recipient] = answer.json().SMSMessageData.Recipients;
    expect(recipient).toMatchObject({ statusCode, status, number: to });
    const accepted = statusCode === 102;
    expect(recipient?.messageId).toEqual(accepted ? expect.stringMatching(/^ATXid_/) : 'None');
    expect(recipient?.cost).toBe(accepted ? 'KES 0.8000' : '0');
    expect((await messages())[0]).toMatchObject({ statusCode, status, faults: ['recipientStatus'] });
  });

  it('applies a rule for one number to that number only', async () => {
    await addFaults({ kind: 'recipientStatus', statusCode: 406, to: other });
    const recipients = (await sendSms(sim.url, { to: `${to},${other}`, message: 'hi' })).json().SMSMessageData
      .Recipients;
    expect(recipients.map((r) => r.statusCode)).toEqual([101, 406]);
  });

  it('prefers a rule for the number over a global one', async () => {
    await addFaults(
      { kind: 'recipientStatus', statusCode: 500 },
      { kind: 'recipientStatus', statusCode: 406, to },
    );
    const answer = await sendSms(sim.url, { to: `${to},${other}`, message: 'hi' });
    expect(answer.json().SMSMessageData.Recipients.map((r) => r.statusCode)).toEqual([406, 500]);
  });

  it('answers an HTTP error with a plain-text body', async () => {
    await addFaults({ kind: 'httpError', status: 503, body: 'Service Unavailable' });
    const answer = await sendSms(sim.url, { to, message: 'hi' });
    expect(answer).toMatchObject({ status: 503, text: 'Service Unavailable' });
    expect(answer.contentType).toContain('text/plain');
    expect((await messages())[0]).toMatchObject({
      id: null,
      statusCode: null,
      status: 'HTTP 503',
      httpStatus: 503,
    });
  });

  it('sends the Retry-After a rule gives, as AT does with HTTP 429', async () => {
    await addFaults({ kind: 'httpError', status: 429, body: 'Too Many Requests', retryAfter: '7', times: 1 });
    const limited = await sendSms(sim.url, { to, message: 'hi' });
    expect(limited).toMatchObject({ status: 429, retryAfter: '7', text: 'Too Many Requests' });
    const next = await sendSms(sim.url, { to, message: 'hi' });
    expect(next).toMatchObject({ status: 201, retryAfter: undefined });
  });

  it("answers HTTP 401 with AT's wording by default", async () => {
    await addFaults({ kind: 'httpError', status: 401 });
    const answer = await sendSms(sim.url, { to, message: 'hi' });
    expect(answer).toMatchObject({ status: 401, text: 'The supplied authentication is invalid' });
  });

  it('answers an empty Recipients with a message', async () => {
    await addFaults({ kind: 'emptyRecipients' }, { kind: 'emptyRecipients', message: 'RiskHold', to: other });
    const first = await sendSms(sim.url, { to, message: 'hi' });
    expect(first.status).toBe(201);
    expect(first.json()).toEqual({ SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } });
    const second = await sendSms(sim.url, { to: other, message: 'hi' });
    expect(second.json()).toEqual({ SMSMessageData: { Message: 'RiskHold', Recipients: [] } });
  });

  it('never answers on a timeout rule, and records the message as not sent', async () => {
    await addFaults({ kind: 'timeout', times: 1 });
    await expect(
      sendSms(sim.url, { to, message: 'hi' }, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await messages())[0]).toMatchObject({ id: null, status: 'Timeout', httpStatus: null });
    // The rule is used up: the next message goes through.
    expect((await sendSms(sim.url, { to, message: 'again' })).status).toBe(201);
  });

  it('takes the message but never answers on a processed timeout', async () => {
    await addFaults({ kind: 'timeout', processed: true, times: 1 });
    await expect(
      sendSms(sim.url, { to, message: 'hi' }, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    expect((await messages())[0]).toMatchObject({
      id: expect.stringMatching(/^ATXid_/),
      statusCode: 101,
      httpStatus: null,
      faults: ['timeout'],
    });
  });

  it('adds latency before answering', async () => {
    await addFaults({ kind: 'latency', delayMs: 5_000, times: 1 }, { kind: 'latency', delayMs: 1 });
    // A client that gives up long before the delay gets nothing; the next message (1 ms) answers.
    await expect(
      sendSms(sim.url, { to, message: 'slow' }, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    const answer = await sendSms(sim.url, { to, message: 'fast' });
    expect(answer.status).toBe(201);
    expect((await messages()).map((m) => m.faults)).toEqual([['latency'], ['latency']]);
  });

  it('closes without waiting for held requests', async () => {
    const local = await startSimulator({ faults: [{ kind: 'timeout' }] });
    const pending = expect(sendSms(local.url, { to, message: 'hi' })).rejects.toThrow();
    const slow = await startSimulator({ faults: [{ kind: 'latency', delayMs: 600_000 }] });
    const slowPending = expect(sendSms(slow.url, { to, message: 'hi' })).rejects.toThrow();
    // Both requests are in flight once the simulators have recorded them.
    await expect
      .poll(async () => (await getJson<{ items: unknown[] }>(`${local.url}/messages`)).items)
      .toHaveLength(1);
    await expect
      .poll(async () => (await getJson<{ items: unknown[] }>(`${slow.url}/messages`)).items)
      .toHaveLength(1);
    await Promise.all([local.close(), slow.close()]);
    await pending;
    await slowPending;
  });
});

describe('fault rules: lifetime', () => {
  it('expires after `times` messages: transient, then success', async () => {
    await addFaults({ kind: 'recipientStatus', statusCode: 500, times: 2 });
    const codes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      codes.push(
        (await sendSms(sim.url, { to, message: `try ${i}` })).json().SMSMessageData.Recipients[0]
          ?.statusCode ?? 0,
      );
    }
    expect(codes).toEqual([500, 500, 101]);
    expect(await activeRules()).toEqual([]);
  });

  it('counts down `times` visibly', async () => {
    await addFaults({ kind: 'httpError', status: 500, times: 3 });
    await sendSms(sim.url, { to, message: 'hi' });
    expect((await activeRules())[0]).toMatchObject({ times: 2 });
  });

  it('applies a rule with probability 0 never and 1 always', async () => {
    await addFaults({ kind: 'recipientStatus', statusCode: 406, probability: 0, times: 1 });
    expect(
      (await sendSms(sim.url, { to, message: 'hi' })).json().SMSMessageData.Recipients[0]?.statusCode,
    ).toBe(101);
    // Not used up, since it did not apply.
    expect(await activeRules()).toHaveLength(1);
    await sendJson('DELETE', `${sim.url}/control/faults`);
    await addFaults({ kind: 'recipientStatus', statusCode: 406, probability: 1 });
    expect(
      (await sendSms(sim.url, { to, message: 'hi' })).json().SMSMessageData.Recipients[0]?.statusCode,
    ).toBe(406);
  });

  it('uses the random source for probabilities', async () => {
    const values = [0.2, 0.8];
    const local = await startSimulator({
      random: () => values.shift() ?? 0,
      faults: [{ kind: 'recipientStatus', statusCode: 500, probability: 0.5 }],
    });
    try {
      const codes = [];
      for (let i = 0; i < 2; i += 1) {
        codes.push(
          (await sendSms(local.url, { to, message: 'hi' })).json().SMSMessageData.Recipients[0]?.statusCode,
        );
      }
      expect(codes).toEqual([500, 101]);
    } finally {
      await local.close();
    }
  });
});

describe('control API', () => {
  it('lists, adds, replaces by id, removes one and clears rules', async () => {
    const [first] = await addFaults({ kind: 'latency', delayMs: 1 }, { kind: 'dlrReorder', to });
    expect(first?.id).toEqual(expect.any(String));
    expect((await activeRules()).map((r) => r.kind)).toEqual(['latency', 'dlrReorder']);

    await addFaults({ id: first?.id, kind: 'latency', delayMs: 2 });
    expect((await activeRules()).map((r) => [r.kind, 'delayMs' in r ? r.delayMs : null])).toEqual([
      ['dlrReorder', null],
      ['latency', 2],
    ]);

    expect((await sendJson('DELETE', `${sim.url}/control/faults/${first?.id}`)).status).toBe(204);
    expect((await activeRules()).map((r) => r.kind)).toEqual(['dlrReorder']);
    const missing = await sendJson('DELETE', `${sim.url}/control/faults/${first?.id}`);
    expect(missing.status).toBe(404);
    expect(missing.contentType).toContain('application/problem+json');

    expect((await sendJson('DELETE', `${sim.url}/control/faults`)).status).toBe(204);
    expect(await activeRules()).toEqual([]);
  });

  it('refuses invalid rules with problem+json naming each problem', async () => {
    const response = await sendJson('POST', `${sim.url}/control/faults`, {
      rules: [
        { kind: 'explode' },
        { kind: 'recipientStatus' },
        { kind: 'latency', delayMs: 5, colour: 'red' },
      ],
    });
    expect(response.status).toBe(400);
    expect(response.contentType).toContain('application/problem+json');
    const problem = response.body as { status: number; errors: { detail: string }[] };
    expect(problem.status).toBe(400);
    const details = problem.errors.map((e) => e.detail).join('\n');
    expect(details).toContain('rules[0].kind must be one of');
    expect(details).toContain('rules[1]');
    expect(details).toContain('statusCode');
    expect(details).toContain('rules[2]');
    expect(await activeRules()).toEqual([]);
  });

  it('refuses a body without rules', async () => {
    const response = await sendJson('POST', `${sim.url}/control/faults`, { kind: 'timeout' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ detail: expect.stringContaining('expected an array') });
  });

  it('starts with the rules it was given', async () => {
    const local = await startSimulator({ faults: [{ kind: 'httpError', status: 502 }] });
    try {
      expect((await sendSms(local.url, { to, message: 'hi' })).status).toBe(502);
    } finally {
      await local.close();
    }
  });
});
