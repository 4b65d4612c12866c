import { SMS_QUEUE } from '@sokoni/contracts';
import { outageWarningIntervalMs, throttled } from '@sokoni/runtime';
import { type Job, MetricsTime, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerConfig } from '../config.ts';
import type { WorkerMetrics } from '../metrics.ts';

type SmsProcessor = (job: Job, token?: string) => Promise<unknown>;

/**
 * The BullMQ consumer of the SMS queue. Concurrency, the rate limit (Africa's Talking's
 * per-account limit, shared by every worker of the queue) and lock timings come from config.
 * The connection must have `maxRetriesPerRequest: null`: a worker waits for Redis to come back
 * instead of giving up for good while the process stays alive.
 */
export function createSmsWorker(options: {
  config: WorkerConfig;
  connection: Redis;
  processor: SmsProcessor;
  metrics: WorkerMetrics;
  log: Logger;
}): Worker {
  const { config, log, metrics } = options;
  const worker = new Worker(SMS_QUEUE, options.processor, {
    connection: options.connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.SMS_CONCURRENCY,
    limiter: { max: config.SMS_RATE_LIMIT_MAX, duration: config.SMS_RATE_LIMIT_DURATION_MS },
    lockDuration: config.SMS_LOCK_DURATION_MS,
    stalledInterval: config.SMS_STALLED_INTERVAL_MS,
    // Never check the limiter again later than the account pause: a paused queue resumes on time.
    maximumRateLimitDelay: Math.min(30_000, config.SMS_ACCOUNT_PAUSE_MS),
    metrics: { maxDataPoints: MetricsTime.ONE_WEEK * 2 },
    autorun: false,
  });
  // BullMQ reports every failed reconnect while Redis is down: one line every 10 s is enough.
  worker.on(
    'error',
    throttled(outageWarningIntervalMs, (error: Error) => log.error({ err: error }, 'SMS worker error')),
  );
  worker.on('failed', (job, error) => {
    if (!job) {
      return;
    }
    const final = job.finishedOn !== undefined && job.finishedOn > 0;
    metrics.jobFailures.inc({ final: String(final) });
    (final ? metrics.jobsFailed : metrics.jobsRetried).inc({ queue: SMS_QUEUE });
    log.info(
      { jobId: job.id, attemptsMade: job.attemptsMade, final, err: error.message },
      final ? 'SMS job failed for good' : 'SMS job will be retried',
    );
  });
  worker.on('completed', () => {
    metrics.jobsCompleted.inc({ queue: SMS_QUEUE });
  });
  worker.on('stalled', (jobId) => {
    log.warn({ jobId }, 'SMS job stalled (its worker stopped); it runs again');
  });
  return worker;
}
