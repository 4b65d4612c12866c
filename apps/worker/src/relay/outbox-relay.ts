import { type Database, expireOverdueNotifications } from '@sokoni/db';
import { outageWarningIntervalMs, throttled } from '@sokoni/runtime';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../metrics.ts';
import { observeFinished } from '../send-metrics.ts';
import { type ClaimedRow, claimDueRows } from './claim-due-rows.ts';
import { createRedisDataSince } from './redis-data-since.ts';
import { giveBack, handOverClaimed, type RelayQueue } from './relay-batch.ts';

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
  /** An SMS still owed this long after it was written is expired, not handed over (SMS_MAX_AGE_MS). */
  maxAgeMs: number;
}

/**
 * Hands the queue every SMS the API could not (Redis down, a crash between commit and enqueue)
 * and every job Redis lost or finished while its row still owes the send. A Redis that lost its
 * data is noticed at the next sweep (redis-data-since.ts), not a requeue period later. Each batch is claimed
 * with FOR UPDATE SKIP LOCKED, so replicas share the work without taking the same rows, and the
 * job id (sms-<id>) makes a second add of a job still in Redis a no-op (relay-batch.ts). Rows
 * owed for longer than their maximum age are expired first, never handed over. Polls on a timer:
 * no NOTIFY per order.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { db, queue, log, metrics } = options;
  const redisDataSince = createRedisDataSince({
    db,
    queue,
    log,
    onDataLost: () => metrics.relayRedisDataLost.inc(),
  });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;
  // Redis or PostgreSQL is down: say so now and then, not on every tick.
  const warnSweepFailed = throttled(outageWarningIntervalMs, (error: unknown) =>
    log.warn({ err: error }, 'outbox relay sweep failed; retrying on the next tick'),
  );

  /**
   * One sweep; full batches are followed at once by another, so a backlog drains quickly. The
   * next batch is claimed in PostgreSQL while the current one is added in Redis: the two steps
   * use different servers, so a backlog drains at the pace of the slower one, not of both
   * added up. A claim made while the hand-over fails is given back with it.
   */
  async function sweep(): Promise<number> {
    await expireOverdue();
    const windows = {
      graceMs: options.graceMs,
      requeueAfterMs: options.requeueAfterMs,
      handedOverBefore: await redisDataSince(),
      limit: options.batchSize,
    };
    const claim = () => claimDueRows(db, windows);
    let total = 0;
    let claimed: ClaimedRow[] = await claim();
    while (claimed.length > 0) {
      observeClaim(claimed);
      const more = claimed.length === options.batchSize && !stopped;
      const next: Promise<ClaimedRow[]> = more ? claim() : Promise.resolve([]);
      // Handled below in either branch; this keeps a claim that fails during the hand-over from
      // counting as an unhandled rejection meanwhile.
      next.catch(() => undefined);
      let ids: string[];
      try {
        ids = await handOverClaimed({ db, queue, log }, claimed);
      } catch (error) {
        const prefetched = await next.catch(() => []);
        await giveBack({ db, log }, prefetched);
        throw error;
      }
      total += ids.length;
      if (ids.length > 0) {
        metrics.relayEnqueued.inc(ids.length);
        log.info({ count: ids.length }, 'outbox relay enqueued SMS');
      }
      claimed = await next;
    }
    return total;
  }

  /**
   * Expires the owed rows past their maximum age, a batch at a time: after a long outage they
   * end here at once rather than each taking a turn of the queue's rate limit to be skipped.
   */
  async function expireOverdue(): Promise<void> {
    let total = 0;
    for (;;) {
      const expired = await expireOverdueNotifications(db, {
        maxAgeMs: options.maxAgeMs,
        limit: options.batchSize,
      });
      total += expired.length;
      if (expired.length < options.batchSize || stopped) {
        break;
      }
    }
    if (total > 0) {
      metrics.relayExpired.inc(total);
      observeFinished(metrics, undefined, 'expired', total);
      log.warn({ count: total, maxAgeMs: options.maxAgeMs }, 'expired SMS still owed past their maximum age');
    }
  }

  /** A batch's size, and its rows handed over before whose hand-over went stale (re-queued). */
  function observeClaim(claimed: ClaimedRow[]): void {
    metrics.relayBatchRows.observe(claimed.length);
    const requeued = claimed.filter((row) => row.status !== 'pending').length;
    if (requeued > 0) {
      metrics.relayRequeued.inc(requeued);
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
