import { withTimeout } from '@sokoni/runtime';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { type SmsJobSettings, smsJobOptions } from './job-options.ts';
import type { JobPayload } from './jobs.ts';
import { SEND_SMS_JOB, SMS_QUEUE, type SmsLane, smsCatchUpPriority, smsJobId } from './queues.ts';

export interface SmsProducerOptions {
  redisUrl: string;
  prefix: string;
  settings: SmsJobSettings;
  /** Longest an add, or any other command (at least 1 s), may take before it is abandoned (Redis slow or down). */
  timeoutMs: number;
  onError: (error: Error) => void;
}

/**
 * Adds SMS jobs on a fail-fast connection: with Redis down, an add fails at once instead of
 * queueing in memory, so callers (API requests, the relay) are never held up. The outbox row in
 * PostgreSQL is the source of truth; a failed add is repaired by the relay.
 */
export function createSmsProducer(options: SmsProducerOptions) {
  const connection = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: Math.max(options.timeoutMs, 1000),
    // A Redis that stops answering without closing the connection (a partition, a frozen
    // primary) would otherwise hold every command forever: the relay's job look-ups with its
    // rows locked, the worker's account pause in the middle of a job.
    commandTimeout: Math.max(options.timeoutMs, 1000),
  });
  connection.on('error', options.onError);
  const queue = new Queue<JobPayload<typeof SEND_SMS_JOB>>(SMS_QUEUE, { connection, prefix: options.prefix });
  queue.on('error', options.onError);
  const jobOptions = smsJobOptions(options.settings);

  return {
    queue,
    connection,
    /**
     * Adds one job per id, in `lane` (SmsLane): `fresh` unless said otherwise. `traceparents`
     * gives the trace context a job carries, by notification id (none: the job starts a trace).
     */
    async addSmsJobs(
      notificationIds: string[],
      lane: SmsLane = 'fresh',
      traceparents?: ReadonlyMap<string, string>,
    ): Promise<void> {
      const priority = lane === 'catch-up' ? { priority: smsCatchUpPriority } : {};
      const adding = queue.addBulk(
        notificationIds.map((notificationId) => ({
          name: SEND_SMS_JOB,
          data: withTraceparent({ version: 1 as const, notificationId }, traceparents?.get(notificationId)),
          opts: { ...jobOptions, ...priority, jobId: smsJobId(notificationId) },
        })),
      );
      await withTimeout(adding, options.timeoutMs, `enqueue timed out after ${options.timeoutMs} ms`);
    },
    async close(): Promise<void> {
      await queue.close();
      connection.disconnect();
    },
  };
}

export type SmsProducer = ReturnType<typeof createSmsProducer>;

/** The job's data, with its trace context when there is one (no empty key otherwise). */
function withTraceparent(
  data: JobPayload<typeof SEND_SMS_JOB>,
  traceparent: string | undefined,
): JobPayload<typeof SEND_SMS_JOB> {
  return traceparent === undefined ? data : { ...data, traceparent };
}
