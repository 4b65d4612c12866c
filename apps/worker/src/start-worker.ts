import type { AddressInfo } from 'node:net';
import { createSmsProducer, SMS_QUEUE } from '@sokoni/contracts';
import { createDb, oldestOwedNotificationAgeS } from '@sokoni/db';
import { logOptions, outageWarningIntervalMs, settlesWithin, throttled } from '@sokoni/runtime';
import { createAfricasTalkingGateway } from '@sokoni/sms-gateway';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { sendingAbandonedAfterMs, type WorkerConfig } from './config.ts';
import { createSmtpEmailGateway } from './email/smtp-email-gateway.ts';
import { buildHealthServer } from './http/health-server.ts';
import { watchRedis } from './http/redis-watch.ts';
import { countedJobStates, registerScrapeGauges } from './http/scrape-gauges.ts';
import { createSendSmsJob } from './jobs/send-sms.job.ts';
import { tracedJob } from './jobs/traced-job.ts';
import { createWorkerMetrics } from './metrics.ts';
import { createOutboxRelay } from './relay/outbox-relay.ts';
import { smtpSettingsOf } from './smtp-config.ts';
import { createSmsWorker } from './workers/sms.worker.ts';

export interface RunningWorker {
  /** http://host:port of /healthz, /readyz and /metrics. */
  url: string;
  worker: ReturnType<typeof createSmsWorker>;
  relay: ReturnType<typeof createOutboxRelay>;
  metrics: ReturnType<typeof createWorkerMetrics>;
  /**
   * Stops the relay, lets active sends finish for at most `graceMs` (then abandons them: BullMQ
   * hands them to another worker as stalled), and closes every connection; always returns within
   * `graceMs` + closeConnectionsMs.
   */
  close: (graceMs?: number) => Promise<{ drained: boolean }>;
}

/** Longest a scrape waits for Redis (queue counts) or PostgreSQL (outbox lag) (ms). */
const scrapeSourceTimeoutMs = 2000;

/** Longest the connections may take to close once the grace is over (ms). */
export const closeConnectionsMs = 2000;

/**
 * Starts the SMS consumer, the outbox relay and the health port in this process. main.ts runs it
 * for the process; tests run it in-process too.
 */
export async function startWorker(
  config: WorkerConfig,
  options: { logger?: Logger } = {},
): Promise<RunningWorker> {
  const log = options.logger ?? pino({ ...logOptions, level: config.LOG_LEVEL });
  const metrics = createWorkerMetrics();
  const database = createDb({
    url: config.DATABASE_URL,
    max: config.DATABASE_POOL_MAX,
    applicationName: 'sokoni-worker',
  });
  database.pool.on('error', (error) => log.warn({ err: error }, 'idle database connection failed'));

  // Workers wait for Redis (maxRetriesPerRequest: null); the producer of the relay fails fast.
  const connection = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const onRedisError = throttled(outageWarningIntervalMs, (error: Error) =>
    log.warn({ err: error }, 'redis unavailable; SMS sending waits for it'),
  );
  connection.on('error', onRedisError);
  const redis = watchRedis(connection);
  const producer = createSmsProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    settings: config,
    timeoutMs: config.RELAY_ENQUEUE_TIMEOUT_MS,
    onError: onRedisError,
  });

  const gateway = createAfricasTalkingGateway({
    baseUrl: config.AT_BASE_URL,
    username: config.AT_USERNAME,
    apiKey: config.AT_API_KEY,
    senderId: config.AT_SENDER_ID,
    enqueue: config.AT_ENQUEUE,
    timeoutMs: config.AT_TIMEOUT_MS,
    maxConnections: config.SMS_CONCURRENCY,
  });

  const smtp = smtpSettingsOf(config);
  const email = smtp === undefined ? undefined : createSmtpEmailGateway(smtp);

  let abandoned = false;
  const processor = createSendSmsJob({
    db: database.db,
    gateway,
    email,
    metrics,
    log,
    pauseQueue: (ms) => producer.queue.rateLimit(ms),
    accountPauseMs: config.SMS_ACCOUNT_PAUSE_MS,
    staleSendingMs: sendingAbandonedAfterMs(config),
    recordRetryMs: config.SMS_RECORD_RETRY_MS,
    maxAgeMs: config.SMS_MAX_AGE_MS,
    dailyCapPerCustomer: config.SMS_DAILY_CAP_PER_CUSTOMER,
    abandoned: () => abandoned,
  });
  const worker = createSmsWorker({ config, connection, processor: tracedJob(processor), metrics, log });
  const relay = createOutboxRelay({
    db: database.db,
    queue: producer,
    metrics,
    log,
    intervalMs: config.RELAY_INTERVAL_MS,
    graceMs: config.RELAY_GRACE_MS,
    requeueAfterMs: config.RELAY_REQUEUE_AFTER_MS,
    batchSize: config.RELAY_BATCH_SIZE,
    maxAgeMs: config.SMS_MAX_AGE_MS,
  });

  registerScrapeGauges(metrics.registry, {
    queues: [{ name: SMS_QUEUE, jobCounts: () => producer.queue.getJobCounts(...countedJobStates) }],
    oldestOwedAgeS: () => oldestOwedNotificationAgeS(database.db),
    timeoutMs: scrapeSourceTimeoutMs,
  });
  const health = buildHealthServer({
    workerRunning: () => worker.isRunning(),
    redis,
    redisReadyTimeoutMs: config.REDIS_READY_TIMEOUT_S * 1000,
    pingDatabase: async () => {
      await database.pool.query('SELECT 1');
    },
    pingRedis: async () => {
      await connection.ping();
    },
    registry: metrics.registry,
  });
  await health.listen({ host: config.HOST, port: config.PORT });
  const address = health.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  const run = worker.run().catch((error: unknown) => {
    log.error({ err: error }, 'SMS worker stopped');
  });
  relay.start();
  log.info({ port: address.port, concurrency: config.SMS_CONCURRENCY }, 'SMS worker started');

  let closing: Promise<{ drained: boolean }> | undefined;
  async function close(graceMs: number = config.SHUTDOWN_GRACE_MS): Promise<{ drained: boolean }> {
    // Every step is bounded: with Redis or PostgreSQL gone, BullMQ's close (which waits for its
    // blocked fetch) and a relay sweep can wait forever, and a second close(true) only returns
    // the first one's promise.
    const drained = await settlesWithin(Promise.all([relay.stop(), worker.close()]), graceMs);
    if (!drained) {
      abandoned = true;
      log.warn({ graceMs }, 'the worker did not stop in time; SMS still active run again on another worker');
      connection.disconnect();
    }
    await settlesWithin(
      Promise.allSettled([
        drained ? undefined : worker.disconnect(),
        run,
        health.close(),
        producer.close(),
        gateway.close(),
        email?.close(),
        database.close(),
      ]),
      closeConnectionsMs,
    );
    connection.disconnect();
    return { drained };
  }

  return {
    url: `http://${host}:${address.port}`,
    worker,
    relay,
    metrics,
    close: (graceMs) => {
      closing ??= close(graceMs);
      return closing;
    },
  };
}
