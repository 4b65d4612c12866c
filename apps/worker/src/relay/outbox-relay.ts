import type { Database } from '@sokoni/db';
import { outageWarningIntervalMs, throttled } from '@sokoni/runtime';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../metrics.ts';
import { type RelayQueue, relayBatch } from './relay-batch.ts';

export interface OutboxRelayOptions {
  db: Database;
  /** Where the jobs go: the worker's fail-fast SMS producer. */
  queue: RelayQueue;
  metrics: WorkerMetrics;
  log: Logger;
  intervalMs: number;
  graceMs: number;
  requeueAfterMs: number;
  batchSize: number;
}

/**
 * Hands the queue every SMS the API could not (Redis down, a crash between commit and enqueue)
 * and every job Redis lost or finished while its row still owes the send. Each batch is claimed
 * with FOR UPDATE SKIP LOCKED, so replicas share the work without taking the same rows, and the
 * job id (sms-<id>) makes a second add of a job still in Redis a no-op (relay-batch.ts). Polls
 * on a timer: no NOTIFY per order.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { db, queue, log, metrics } = options;
  const windows = {
    graceMs: options.graceMs,
    requeueAfterMs: options.requeueAfterMs,
    limit: options.batchSize,
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  // Redis or PostgreSQL is down: say so now and then, not on every tick.
  const warnSweepFailed = throttled(outageWarningIntervalMs, (error: unknown) =>
    log.warn({ err: error }, 'outbox relay sweep failed; retrying on the next tick'),
  );

  /** One sweep; full batches are followed at once by another, so a backlog drains quickly. */
  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await relayBatch({ db, queue, log }, windows);
      total += ids.length;
      metrics.relayEnqueued.inc(ids.length);
      if (ids.length > 0) {
        log.info({ count: ids.length }, 'outbox relay enqueued SMS');
      }
      if (ids.length < options.batchSize || stopped) {
        return total;
      }
    }
  }

  function schedule(): void {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      running = sweep()
        .then(() => undefined)
        .catch((error: unknown) => {
          metrics.relayErrors.inc();
          warnSweepFailed(error);
        })
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, options.intervalMs);
  }

  return {
    sweep,
    start(): void {
      if (!stopped) {
        return;
      }
      stopped = false;
      schedule();
    },
    /** Stops the timer and waits for a sweep in progress. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
