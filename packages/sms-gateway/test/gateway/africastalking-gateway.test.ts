import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AfricasTalkingConfig, createAfricasTalkingGateway, type SmsGateway } from '../../src/index.ts';
import {
  DEFAULT_RETRY_AFTER_MS,
  MAX_RETRY_AFTER_MS,
  retryAfterMs,
} from '../../src/interpret-messaging-response.ts';
import {
  acceptedBody,
  type CaptureServer,
  json,
  startCaptureServer,
  text,
} from '../support/capture-server.ts';

const to = '+254712345678';
let server: CaptureServer;
let gateway: SmsGateway | undefined;

function gatewayFor(overrides: Partial<AfricasTalkingConfig> = {}): SmsGateway {
  gateway = createAfricasTalkingGateway({
    baseUrl: server.url,
    username: 'sokoni',
    apiKey: 'key',
    enqueue: false,
    timeoutMs: 2_000,
    ...overrides,
  });
  return gateway;
}

function recipientBody(statusCode: number, status: string, messageId = 'None', cost = '0') {
  return {
    SMSMessageData: {
      Message: 'Sent to 0/1 Total Cost: 0',
      Recipients: [{ statusCode, number: to, cost, status, messageId }],
    },
  };
}

beforeAll(async () => {
  server = await startCaptureServer();
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  server.respondWith(json(201, acceptedBody));
});

afterAll(async () => {
  await server.close();
});

describe('createAfricasTalkingGateway: answers', () => {
  it('accepts a 101 and keeps the message id and cost', async () => {
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toEqual({
      outcome: 'accepted',
      httpStatus: 201,
      statusCode: 101,
      status: 'Success',
      messageId: 'ATXid_0123456789abcdef0123456789abcdef',
      cost: 'KES 0.8000',
      detail: 'accepted (101 Success)',
    });
    const request = server.requests.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/version1/messaging');
    expect(request?.headers.apikey).toBe('key');
    expect(new URLSearchParams(request?.body).get('to')).toBe(to);
  });

  it.each([
    [100, 'Processed', 'accepted'],
    [102, 'Queued', 'accepted'],
    [401, 'RiskHold', 'account'],
    [402, 'InvalidSenderId', 'permanent'],
    [403, 'InvalidPhoneNumber', 'permanent'],
    [404, 'UnsupportedNumberType', 'permanent'],
    [405, 'InsufficientBalance', 'account'],
    [406, 'UserInBlacklist', 'permanent'],
    [407, 'CouldNotRoute', 'transient'],
    [409, 'DoNotDisturbRejection', 'transient'],
    [500, 'InternalServerError', 'transient'],
    [501, 'GatewayError', 'transient'],
    [502, 'RejectedByGateway', 'permanent'],
    [777, 'SomethingNew', 'transient'],
  ])('classifies recipient statusCode %i (%s) as %s', async (statusCode, status, outcome) => {
    const accepted = outcome === 'accepted';
    server.respondWith(
      json(
        201,
        recipientBody(statusCode, status, accepted ? 'ATXid_1' : 'None', accepted ? 'KES 0.8000' : '0'),
      ),
    );
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result.outcome).toBe(outcome);
    expect(result.statusCode).toBe(statusCode);
    expect(result.status).toBe(status);
    expect(result.httpStatus).toBe(201);
    expect(result.messageId).toBe(accepted ? 'ATXid_1' : null);
  });

  it('reads a statusCode sent as a string and picks the recipient for our number', async () => {
    server.respondWith(
      json(201, {
        SMSMessageData: {
          Message: 'Sent to 1/2',
          Recipients: [
            { statusCode: 403, number: '+254700000000', status: 'InvalidPhoneNumber', messageId: 'None' },
            { statusCode: '101', number: to, status: 'Success', messageId: 'ATXid_2', cost: 'KES 0.8000' },
          ],
        },
      }),
    );
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result.outcome).toBe('accepted');
    expect(result.statusCode).toBe(101);
    expect(result.messageId).toBe('ATXid_2');
  });

  it('treats an empty Recipients with InvalidSenderId as permanent', async () => {
    server.respondWith(json(201, { SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } }));
    const result = await gatewayFor({ senderId: 'NOTMINE' }).send({ to, message: 'hello' });
    expect(result).toMatchObject({
      outcome: 'permanent',
      httpStatus: 201,
      statusCode: null,
      status: 'InvalidSenderId',
      messageId: null,
    });
    expect(new URLSearchParams(server.requests.at(-1)?.body).get('from')).toBe('NOTMINE');
  });

  it('treats an empty Recipients naming the balance as account-wide', async () => {
    server.respondWith(json(201, { SMSMessageData: { Message: 'InsufficientBalance', Recipients: [] } }));
    expect((await gatewayFor().send({ to, message: 'hello' })).outcome).toBe('account');
  });

  it.each([
    ['an unknown message', { SMSMessageData: { Message: 'Something odd', Recipients: [] } }],
    ['no Recipients field', { SMSMessageData: { Message: '' } }],
    ['a name that means accepted', { SMSMessageData: { Message: 'Queued', Recipients: [] } }],
  ])('treats an empty Recipients with %s as transient', async (_name, body) => {
    server.respondWith(json(201, body));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result.outcome).toBe('transient');
    expect(result.messageId).toBeNull();
  });

  it('treats an unreadable 201 as transient', async () => {
    server.respondWith(text(201, '<html>oops</html>'));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient', status: 'UnreadableResponse' });
    expect(result.detail).toContain('<html>oops</html>');
  });

  it('treats a recipient without a statusCode as transient', async () => {
    server.respondWith(json(201, { SMSMessageData: { Message: 'x', Recipients: [{ number: to }] } }));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient' });
  });

  it('treats HTTP 401 (plain text) as account-wide', async () => {
    server.respondWith(text(401, 'The supplied authentication is invalid'));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'account', httpStatus: 401, statusCode: null });
    expect(result.detail).toContain('The supplied authentication is invalid');
  });

  it.each([400, 403, 404, 302])('treats HTTP %i as permanent', async (status) => {
    server.respondWith(text(status, 'Request is missing required form field'));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'permanent', httpStatus: status });
  });

  it('treats HTTP 408 as transient', async () => {
    server.respondWith(text(408, ''));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient', httpStatus: 408 });
    expect(result.detail).toContain('(empty body)');
  });

  it('treats HTTP 429 as throttled, waiting as long as Retry-After says', async () => {
    server.respondWith((_request, res) => {
      res.writeHead(429, { 'content-type': 'text/plain', 'retry-after': '7' });
      res.end('Too Many Requests');
    });
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({
      outcome: 'throttled',
      httpStatus: 429,
      retryAfterMs: 7000,
    });
    server.respondWith(text(429, ''));
    expect(await gatewayFor().send({ to, message: 'hello' })).toMatchObject({
      outcome: 'throttled',
      retryAfterMs: DEFAULT_RETRY_AFTER_MS,
    });
  });

  it.each([
    [undefined, DEFAULT_RETRY_AFTER_MS],
    ['3', 3000],
    ['100000', MAX_RETRY_AFTER_MS],
    ['soon', DEFAULT_RETRY_AFTER_MS],
    ['Sun, 22 Nov 2026 00:00:05 GMT', 5000],
    ['Sun, 22 Nov 2026 00:00:00 GMT', 0],
  ])('reads Retry-After %j as %i ms', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('Sun, 22 Nov 2026 00:00:00 GMT'))).toBe(expected);
  });

  it.each([500, 502, 503, 504])('treats HTTP %i as transient', async (status) => {
    server.respondWith(text(status, 'x'.repeat(500)));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({
      outcome: 'transient',
      httpStatus: status,
      status: `HTTP ${status}`,
    });
    // Long bodies are cut so that logs and last_error stay readable.
    expect(result.detail.length).toBeLessThan(300);
  });

  it('keeps a path prefix of the base URL', async () => {
    await gatewayFor({ baseUrl: `${server.url}/at/` }).send({ to, message: 'hello' });
    expect(server.requests.at(-1)?.path).toBe('/at/version1/messaging');
  });

  it('sends enqueue=1 when configured', async () => {
    await gatewayFor({ enqueue: true }).send({ to, message: 'hello' });
    expect(new URLSearchParams(server.requests.at(-1)?.body).get('enqueue')).toBe('1');
  });

  it('can be closed twice', async () => {
    const client = gatewayFor();
    await client.close();
    await client.close();
  });

  it('reuses the keep-alive connection between sends', async () => {
    const sockets = new Set<unknown>();
    server.respondWith((_request, res, req) => {
      sockets.add(req.socket);
      json(201, acceptedBody)(_request, res, req);
    });
    const client = gatewayFor();
    for (let i = 0; i < 10; i += 1) {
      expect((await client.send({ to, message: `n${i}` })).outcome).toBe('accepted');
    }
    // The pool may open a second connection while the first is finishing its answer, but it
    // does not open one per message.
    expect(sockets.size).toBeLessThanOrEqual(3);
  });
});

describe('createAfricasTalkingGateway: the number stays out of details', () => {
  // A detail becomes the row's last error, the BullMQ job's failure reason (Redis, Bull Board)
  // and a log line: the recipient's number appears in none of them whole. The row already says
  // whom it was for; an answer quoted from Africa's Talking shows the number masked.
  it.each([
    ['a per-recipient refusal', json(201, recipientBody(403, 'InvalidPhoneNumber')), false],
    ['a transient per-recipient failure', json(201, recipientBody(500, 'InternalServerError')), false],
    [
      'a recipient without a statusCode',
      json(201, { SMSMessageData: { Message: 'x', Recipients: [{ number: to }] } }),
      true,
    ],
    ['an unexpected status quoting the request', text(400, `Invalid phone number: ${to}`), true],
    ['a server error quoting the number', text(502, `upstream failed for to=${to.slice(1)}`), true],
  ])('leaves the number out of %s', async (_case, answer, quotesTheAnswer) => {
    server.respondWith(answer);
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result.outcome).not.toBe('accepted');
    expect(result.detail).not.toContain(to.slice(1));
    if (quotesTheAnswer) {
      expect(result.detail).toContain('2547****5678');
    }
  });
});

describe('createAfricasTalkingGateway: no answer', () => {
  it('times out on a server that never answers: transient', async () => {
    server.respondWith(() => {});
    const result = await gatewayFor({ timeoutMs: 200 }).send({ to, message: 'hello' });
    expect(result).toMatchObject({
      outcome: 'transient',
      httpStatus: null,
      statusCode: null,
      status: 'Timeout',
    });
    expect(result.detail).toContain('timed out after');
  });

  it('times out while reading a body that never ends: transient', async () => {
    server.respondWith((_request, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"SMSMessageData":');
    });
    const result = await gatewayFor({ timeoutMs: 200 }).send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient', status: 'Timeout' });
  });

  it('reports a reset after the request was sent as transient', async () => {
    server.respondWith((_request, _res, req) => {
      req.socket.destroy();
    });
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({
      outcome: 'transient',
      httpStatus: null,
      status: 'NetworkError',
    });
  });

  it('reports a refused connection as transient', async () => {
    // Take a free port, then close it so that nothing listens there.
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    probe.close();
    await once(probe, 'close');
    const result = await gatewayFor({ baseUrl: `http://127.0.0.1:${port}` }).send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient', status: 'NetworkError' });
    expect(result.detail).toContain('ECONNREFUSED');
  });

  it('cuts off an answer far bigger than any of AT: transient', async () => {
    server.respondWith(text(201, 'x'.repeat(2 * 1024 * 1024)));
    const result = await gatewayFor().send({ to, message: 'hello' });
    expect(result).toMatchObject({ outcome: 'transient', httpStatus: null, status: 'NetworkError' });
    expect(result.detail).toContain('UND_ERR_RES_EXCEEDED_MAX_SIZE');
  });

  it('times out while waiting for a connection, before the request leaves', async () => {
    server.respondWith(() => {});
    const client = gatewayFor({ timeoutMs: 200, maxConnections: 1 });
    const sentBefore = server.requests.length;
    // The first send holds the only connection, so the second never leaves the pool's queue.
    const results = await Promise.all([
      client.send({ to, message: 'first' }),
      client.send({ to, message: 'second' }),
    ]);
    for (const result of results) {
      expect(result).toMatchObject({ outcome: 'transient', status: 'Timeout' });
    }
    expect(
      server.requests.slice(sentBefore).map((request) => new URLSearchParams(request.body).get('message')),
    ).toEqual(['first']);
  });
});
