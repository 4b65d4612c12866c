import { describe, expect, it } from 'vitest';
import { createCustomer } from '../helper.ts';
import { twoReplicas } from './replicas.ts';

function expectTooManyRequests(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  json: () => unknown;
}) {
  expect(response.statusCode).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    type: 'urn:sokoni:problem:too-many-requests',
    status: 429,
    title: 'Too many requests',
  });
  const retryAfter = Number(response.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(response.headers['ratelimit-remaining']).toBe('0');
}

const replicas = await twoReplicas({ RATE_LIMIT_PER_MINUTE: '4' });
const staff = { authorization: await replicas.api.staffAuthorization() };
// Staff's first request of the minute: three are left.
await createCustomer(replicas.api, { phone: '0711 000 101', subject: 'customer-amina' });
const asAmina = { authorization: await replicas.api.customerAuthorization('amina') };

const writes = await twoReplicas({ RATE_LIMIT_PER_MINUTE: '100', RATE_LIMIT_ORDER_WRITES_PER_MINUTE: '2' });
const customer = await createCustomer(writes.api);

const anonymous = await twoReplicas({ RATE_LIMIT_PER_MINUTE: '2' });

describe('a subject over its limit, on whichever replica it lands', () => {
  it('answers 429 problem+json with Retry-After once the replicas together took its limit', async () => {
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(await replicas.inject({ method: 'GET', url: '/v1/orders', headers: staff }));
    }
    expect(answers.slice(0, 3).map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expect(answers.slice(0, 3).map((answer) => answer.headers['ratelimit-remaining'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    expect(answers[0]?.headers['ratelimit-limit']).toBe('4');
    const refused = answers[3];
    if (refused === undefined) {
      throw new Error('no fourth answer');
    }
    expectTooManyRequests(refused);
  });

  it('keeps a separate budget for each subject', async () => {
    const own = await replicas.inject({ method: 'GET', url: '/v1/orders', headers: asAmina });
    expect(own.statusCode).toBe(200);
    expect(own.headers['ratelimit-remaining']).toBe('3');
  });

  it('gives the routes that owe an SMS a tighter budget, shared among them', async () => {
    const order = { customerId: customer.id, item: 'Sukari 1kg', amount: '180.00' };
    const placed = await writes.inject({ method: 'POST', url: '/v1/orders', payload: order });
    expect(placed.statusCode).toBe(201);
    expect(placed.headers['ratelimit-limit']).toBe('2');
    const { id } = placed.json<{ id: string }>();
    const cancelled = await writes.inject({ method: 'POST', url: `/v1/orders/${id}/cancel` });
    expect(cancelled.statusCode).toBe(200);
    expectTooManyRequests(await writes.inject({ method: 'POST', url: '/v1/orders', payload: order }));
    // Reading is still within the subject's wider limit.
    const read = await writes.inject({ method: 'GET', url: `/v1/orders/${id}` });
    expect(read.statusCode).toBe(200);
    expect(read.headers['ratelimit-limit']).toBe('100');
  });
});

describe('anonymous requests', () => {
  it('are limited by client address', async () => {
    const from = (remoteAddress: string) =>
      anonymous.injectAnonymous({ method: 'GET', url: '/admin/login', remoteAddress });
    expect((await from('192.0.2.1')).statusCode).not.toBe(429);
    expect((await from('192.0.2.1')).statusCode).not.toBe(429);
    expectTooManyRequests(await from('192.0.2.1'));
    expect((await from('192.0.2.2')).statusCode).not.toBe(429);
  });

  it('never limits health, readiness, the OpenAPI document or the delivery-report webhook', async () => {
    const webhook = `/v1/webhooks/africastalking/delivery-reports/${anonymous.api.config.AT_WEBHOOK_SECRET}`;
    const requests = [
      { method: 'GET', url: '/healthz' },
      { method: 'GET', url: '/readyz' },
      { method: 'GET', url: '/docs/json' },
      {
        method: 'POST',
        url: webhook,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ id: 'ATXid_unknown', status: 'Success' }).toString(),
      },
    ] as const;
    for (const request of requests) {
      for (let i = 0; i < 4; i += 1) {
        const answer = await anonymous.injectAnonymous({ ...request, remoteAddress: '192.0.2.9' });
        expect(answer.statusCode, `${request.method} ${request.url}`).toBe(200);
        expect(answer.headers['ratelimit-limit']).toBeUndefined();
      }
    }
  });
});
