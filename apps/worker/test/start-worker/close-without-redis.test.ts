import { startRedisServer, useTestEnvironment } from '@sokoni/testing';
import { expect, it } from 'vitest';
import { loadWorkerConfig } from '../../src/config.ts';
import { startWorker } from '../../src/start-worker.ts';

it('closes in-process within its grace while Redis is down', async () => {
  // A Redis of this file's own, so it can be stopped without disturbing other tests.
  const redis = await startRedisServer();
  const environment = await useTestEnvironment();
  const worker = await startWorker(
    loadWorkerConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: environment.databaseUrl,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: environment.queuePrefix,
      // Never called: nothing is owed.
      AT_BASE_URL: 'http://127.0.0.1:9',
      AT_API_KEY: 'unused',
    }),
  );
  await redis.stop();
  expect(await worker.close(300)).toEqual({ drained: false });
});
