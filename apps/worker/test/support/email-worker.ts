import { createSmsProducer } from '@sokoni/contracts';
import { createDb } from '@sokoni/db';
import type { TestEnvironment } from '@sokoni/testing';
import { afterAll } from 'vitest';
import { loadWorkerConfig } from '../../src/config.ts';
import { type RunningWorker, startWorker } from '../../src/start-worker.ts';
import { testJobSettings } from './owed-rows.ts';

/**
 * The worker as a process runs it (startWorker: queue consumer and relay) over the file's own
 * database and queue prefix, sending e-mail to the SMTP server at `smtpPort` (plain, as MailDev);
 * and a producer that adds jobs as the API does. Both close when the file ends.
 */
export async function startEmailWorker(
  env: TestEnvironment,
  options: { smtpPort: number; settings?: Record<string, string> },
) {
  const worker: RunningWorker = await startWorker(
    loadWorkerConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl,
      QUEUE_PREFIX: env.queuePrefix,
      // Never called: only e-mail is owed here.
      AT_BASE_URL: 'http://127.0.0.1:9',
      AT_API_KEY: 'unused',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(options.smtpPort),
      SMTP_TLS: 'none',
      SMTP_FROM: 'Duka la Mama <orders@shop.test>',
      SMTP_TIMEOUT_MS: '2000',
      SMS_ATTEMPTS: String(testJobSettings.SMS_ATTEMPTS),
      SMS_BACKOFF_MS: String(testJobSettings.SMS_BACKOFF_MS),
      RELAY_INTERVAL_MS: '200',
      RELAY_GRACE_MS: '60000',
      ...options.settings,
    }),
  );
  const producer = createSmsProducer({
    redisUrl: env.redisUrl,
    prefix: env.queuePrefix,
    settings: testJobSettings,
    timeoutMs: 2000,
    onError: () => {},
  });
  const handle = createDb({ url: env.databaseUrl, max: 2 });
  afterAll(async () => {
    await worker.close(1000);
    await producer.close();
    await handle.close();
  });
  return { worker, producer, db: handle.db };
}
