import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../src/messages/message-store.ts';
import { getJson, type RunningSimulator, sendJson, sendSms, startSimulator } from '../helper.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});

beforeEach(async () => {
  await sendJson('DELETE', `${sim.url}/messages`);
});

afterAll(async () => {
  await sim.close();
});

interface MessagePage {
  items: ReceivedMessage[];
  nextCursor: string | null;
}

const listMessages = (query = '') => getJson<MessagePage>(`${sim.url}/messages${query}`);

describe('POST /version1/messaging', () => {
  it("answers 201 with AT's SMSMessageData shape", async () => {
    const answer = await sendSms(sim.url, { to: '+254712345678', message: 'Hello from Sokoni' });
    expect(answer.status).toBe(201);
    expect(answer.contentType).toContain('application/json');
    const body = answer.json();
    expect(Object.keys(body)).toEqual(['SMSMessageData']);
    expect(Object.keys(body.SMSMessageData)).toEqual(['Message', 'Recipients']);
    expect(body.SMSMessageData.Message).toBe('Sent to 1/1 Total Cost: KES 0.8000');
    expect(body.SMSMessageData.Recipients).toHaveLength(1);
    const [recipient] = body.SMSMessageData.Recipients;
    expect(Object.keys(recipient ?? {})).toEqual(['statusCode', 'number', 'cost', 'status', 'messageId']);
    expect(recipient).toMatchObject({
      statusCode: 101,
      number: '+254712345678',
      cost: 'KES 0.8000',
      status: 'Success',
    });
    expect(recipient?.messageId).toMatch(/^ATXid_[0-9a-f]{32}$/);
  });

  it('answers each comma-separated recipient, refusing non-E.164 numbers with 403', async () => {
    const answer = await sendSms(sim.url, { to: '+254712345678, 0712345678,+25471', message: 'hi' });
    const body = answer.json();
    expect(answer.status).toBe(201);
    expect(body.SMSMessageData.Message).toBe('Sent to 1/3 Total Cost: KES 0.8000');
    expect(
      body.SMSMessageData.Recipients.map((r) => [r.number, r.statusCode, r.status, r.cost, r.messageId]),
    ).toEqual([
      ['+254712345678', 101, 'Success', 'KES 0.8000', expect.stringMatching(/^ATXid_/)],
      ['0712345678', 403, 'InvalidPhoneNumber', '0', 'None'],
      ['+25471', 403, 'InvalidPhoneNumber', '0', 'None'],
    ]);
  });

  it('gives distinct message ids', async () => {
    const answer = await sendSms(sim.url, { to: '+254712345678,+254733123456', message: 'hi' });
    const [a, b] = answer.json().SMSMessageData.Recipients;
    expect(a?.messageId).not.toBe(b?.messageId);
  });

  it('says "Total Cost: 0" when nothing was sent', async () => {
    const body = (await sendSms(sim.url, { to: '0712345678', message: 'hi' })).json();
    expect(body.SMSMessageData.Message).toBe('Sent to 0/1 Total Cost: 0');
  });

  it.each([
    ['a 160-character GSM-7 text', 'a'.repeat(160), 'KES 0.8000'],
    ['a 161-character GSM-7 text', 'a'.repeat(161), 'KES 1.6000'],
    ['GSM-7 extension characters (two septets each)', '€'.repeat(81), 'KES 1.6000'],
    ['a 70-character UCS-2 text', `${'ü'.repeat(69)}ł`, 'KES 0.8000'],
    ['a 71-character UCS-2 text', 'ł'.repeat(71), 'KES 1.6000'],
    ['a 135-character UCS-2 text', 'ł'.repeat(135), 'KES 2.4000'],
  ])('bills %s per segment', async (_name, message, cost) => {
    const body = (await sendSms(sim.url, { to: '+254712345678', message })).json();
    expect(body.SMSMessageData.Recipients[0]?.cost).toBe(cost);
  });

  it.each([
    ['a wrong apiKey', { apiKey: 'wrong' }, {}],
    ['no apiKey', { apiKey: '' }, {}],
    ['a wrong username', {}, { username: 'someone-else' }],
  ])('refuses %s with HTTP 401 plain text', async (_name, options, form) => {
    const answer = await sendSms(sim.url, { to: '+254712345678', message: 'hi', ...form }, options);
    expect(answer.status).toBe(401);
    expect(answer.contentType).toContain('text/plain');
    expect(answer.text).toBe('The supplied authentication is invalid');
    expect((await listMessages()).items).toEqual([]);
  });

  it.each([
    ['to', { message: 'hi' }],
    ['to', { to: ' ', message: 'hi' }],
    ['message', { to: '+254712345678' }],
  ])("refuses a request without '%s' with HTTP 400 plain text", async (field, form) => {
    const answer = await sendSms(sim.url, form);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('text/plain');
    expect(answer.text).toBe(`Request is missing required form field '${field}'`);
  });

  it('answers a malformed body in plain text too', async () => {
    const response = await fetch(`${sim.url}/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: 'at-sim-dev-key', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/plain');
  });
});

describe('GET /messages', () => {
  it('lists what was received, newest first, with the fields the sender set', async () => {
    await sendSms(sim.url, {
      to: '+254712345678',
      message: 'first',
      from: 'SOKONI',
      enqueue: '1',
      bulkSMSMode: '1',
    });
    await sendSms(sim.url, { to: '+254733123456,0712', message: 'second' });
    const { items, nextCursor } = await listMessages();
    expect(items.map((m) => [m.to, m.message, m.statusCode])).toEqual([
      ['0712', 'second', 403],
      ['+254733123456', 'second', 101],
      ['+254712345678', 'first', 101],
    ]);
    expect(nextCursor).toBeNull();
    expect(items[2]).toMatchObject({
      id: expect.stringMatching(/^ATXid_/),
      from: 'SOKONI',
      username: 'sandbox',
      enqueue: true,
      status: 'Success',
      httpStatus: 201,
      cost: 'KES 0.8000',
      segments: 1,
      deliveryStatus: null,
      faults: [],
    });
    expect(Date.parse(items[2]?.receivedAt ?? '')).not.toBeNaN();
    expect(items[1]).toMatchObject({ from: null, enqueue: false });
    expect(items[0]).toMatchObject({ id: null, status: 'InvalidPhoneNumber', cost: '0' });
  });

  it('filters by recipient', async () => {
    await sendSms(sim.url, { to: '+254712345678', message: 'one' });
    await sendSms(sim.url, { to: '+254733123456', message: 'two' });
    await sendSms(sim.url, { to: '+254712345678', message: 'three' });
    const { items } = await listMessages(`?to=${encodeURIComponent('+254712345678')}`);
    expect(items.map((m) => m.message)).toEqual(['three', 'one']);
  });

  it('pages with limit and nextCursor, unshifted by messages that arrive meanwhile', async () => {
    for (let i = 1; i <= 5; i += 1) {
      await sendSms(sim.url, { to: '+254712345678', message: `m${i}` });
    }
    const first = await listMessages('?limit=2');
    expect(first.items.map((m) => m.message)).toEqual(['m5', 'm4']);
    expect(first.nextCursor).toEqual(expect.any(String));
    await sendSms(sim.url, { to: '+254712345678', message: 'm6' });
    const second = await listMessages(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((m) => m.message)).toEqual(['m3', 'm2']);
    const last = await listMessages(`?limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((m) => m.message)).toEqual(['m1']);
    expect(last.nextCursor).toBeNull();
  });

  it('pages a filtered list by its own matches', async () => {
    for (let i = 1; i <= 4; i += 1) {
      await sendSms(sim.url, { to: i % 2 === 0 ? '+254733123456' : '+254712345678', message: `m${i}` });
    }
    const to = encodeURIComponent('+254712345678');
    const first = await listMessages(`?to=${to}&limit=1`);
    expect(first.items.map((m) => m.message)).toEqual(['m3']);
    const second = await listMessages(`?to=${to}&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((m) => m.message)).toEqual(['m1']);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 20 messages when no limit is given', async () => {
    await Promise.all(
      Array.from({ length: 21 }, (_, i) => sendSms(sim.url, { to: '+254712345678', message: `m${i}` })),
    );
    const { items, nextCursor } = await listMessages();
    expect(items).toHaveLength(20);
    expect(nextCursor).not.toBeNull();
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=1001', 'limit'],
    ['?cursor=abc', 'cursor'],
  ])('refuses %s with problem+json', async (query, field) => {
    const response = await fetch(`${sim.url}/messages${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(await response.json())).toContain(field);
  });

  it('is emptied by DELETE /messages', async () => {
    await sendSms(sim.url, { to: '+254712345678', message: 'one' });
    expect((await sendJson('DELETE', `${sim.url}/messages`)).status).toBe(204);
    expect((await listMessages()).items).toEqual([]);
  });

  it('keeps only the most recent messages', async () => {
    const small = await startSimulator({ maxMessages: 3 });
    try {
      for (let i = 1; i <= 8; i += 1) {
        await sendSms(small.url, { to: '+254712345678', message: `m${i}` });
      }
      const { items } = await getJson<MessagePage>(`${small.url}/messages`);
      expect(items.map((m) => m.message)).toEqual(['m8', 'm7', 'm6']);
    } finally {
      await small.close();
    }
  });
});

describe('other routes', () => {
  it('answers GET /healthz', async () => {
    expect(await getJson(`${sim.url}/healthz`)).toEqual({ status: 'ok' });
  });

  it('answers unknown routes with problem+json', async () => {
    const response = await sendJson('DELETE', `${sim.url}/nowhere`);
    expect(response.status).toBe(404);
    expect(response.contentType).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status: 404, title: 'Not Found' });
  });
});

describe('errors of the control endpoints', () => {
  it('answers an unsupported media type with problem+json', async () => {
    const response = await fetch(`${sim.url}/control/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<rules/>',
    });
    expect(response.status).toBe(415);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });
});
