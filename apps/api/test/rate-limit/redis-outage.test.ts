import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisServer } from '@sokoni/testing';
import { expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';

// A Redis server of this file's own, so it can be stopped without disturbing other tests.
const redis = await startRedisServer();
const api = await createTestApi({
  REDIS_URL: redis.url,
  RATE_LIMIT_PER_MINUTE: '2',
  // A loaded test machine must not make a count time out and be skipped.
  RATE_LIMIT_TIMEOUT_MS: '5000',
});

it('fails no request while the limiter cannot reach Redis, and limits again once it is back', async () => {
  const customer = await createCustomer(api);
  // Within the limit while Redis answers: the request above counted.
  const counted = await api.inject({ method: 'GET', url: '/v1/orders' });
  expect(counted.statusCode).toBe(200);
  expect(counted.headers['ratelimit-remaining']).toBe('0');

  await redis.stop();
  const during = [];
  for (let i = 0; i < 4; i += 1) {
    during.push((await api.inject({ method: 'GET', url: '/v1/orders' })).statusCode);
  }
  const placed = await api.inject({
    method: 'POST',
    url: '/v1/orders',
    payload: { customerId: customer.id, item: 'Sukari 1kg', amount: '180.00' },
  });
  expect([...during, placed.statusCode]).toEqual([200, 200, 200, 200, 201]);

  // Redis comes back empty: once the connection is back, counting starts again and the limit holds.
  await redis.start();
  const after = [];
  for (let i = 0; i < 300 && after.at(-1) !== 429; i += 1) {
    after.push((await api.inject({ method: 'GET', url: '/v1/orders' })).statusCode);
    await sleep(20);
  }
  expect(after.at(-1)).toBe(429);
  expect(after.filter((status) => status !== 200 && status !== 429)).toEqual([]);
});
