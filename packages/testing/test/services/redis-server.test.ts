import { Redis } from 'ioredis';
import { expect, it, onTestFinished } from 'vitest';
import { startRedisServer } from '../../src/fixtures.ts';

it('is a Redis of the test’s own that can be stopped and started again at the same address, empty', async () => {
  const redis = await startRedisServer();
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => {});
  onTestFinished(() => client.disconnect());
  await client.set('greeting', 'habari');
  expect(await client.get('greeting')).toBe('habari');

  await redis.stop();
  expect(redis.isRunning()).toBe(false);
  await expect(client.get('greeting')).rejects.toThrow();

  await redis.start();
  expect(redis.isRunning()).toBe(true);
  await expect.poll(() => client.get('greeting').catch(() => 'unreachable'), { timeout: 10_000 }).toBeNull();
});
