import { withTimeout } from '@sokoni/runtime';
import { Gauge, type Registry } from 'prom-client';

/** The BullMQ states counted on each scrape: what waits for a worker, what runs, what failed. */
export const countedJobStates = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
export type JobCounts = Partial<Record<(typeof countedJobStates)[number], number>>;

export interface ScrapeSources {
  /** The queues to count, each read with BullMQ's getJobCounts (one round trip to Redis). */
  queues: { name: string; jobCounts: () => Promise<JobCounts> }[];
  /** Age in seconds of the oldest notification still owed and not yet sent; null when none is. */
  oldestOwedAgeS: () => Promise<number | null>;
  /** Longest one source may take; past it the scrape goes on without it. */
  timeoutMs: number;
}

/**
 * A gauge without labels that is left out of a scrape whose read failed. prom-client always
 * writes such a gauge, 0 by default, and a lag of 0 would read as "all sent" during an outage.
 */
class GaugeWhenRead extends Gauge {
  read = false;

  override async get() {
    const metric = await super.get();
    return this.read ? metric : { ...metric, values: [] };
  }
}

/** Runs `read` at most once at a time: scrapes that come while it runs share its answer. */
function oneAtATime<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | undefined;
  return () => {
    running ??= read().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/**
 * Gauges read when Prometheus scrapes, not kept up to date by the code: queue depth per queue
 * and state (what KEDA scales the worker on) and the outbox lag (the SMS flow's main SLO
 * signal). Each source is bounded by `timeoutMs`, so a Redis or PostgreSQL outage costs a scrape
 * that long, never a hung scrape; its series are then left out (not left at a stale value) and
 * `sokoni_metrics_source_up{source}` is 0.
 */
export function registerScrapeGauges(registry: Registry, sources: ScrapeSources): void {
  const registers = [registry];
  // The registry collects every metric at once, so the gauges below and `up` share one read of
  // each source per scrape.
  const readQueues = oneAtATime(() =>
    withTimeout(
      Promise.all(
        sources.queues.map(async (queue) => ({ queue: queue.name, counts: await queue.jobCounts() })),
      ),
      sources.timeoutMs,
    ),
  );
  const readLag = oneAtATime(() => withTimeout(sources.oldestOwedAgeS(), sources.timeoutMs));

  const jobs = new Gauge({
    name: 'sokoni_queue_jobs',
    help: 'Jobs in a queue by BullMQ state: waiting (fresh lane), prioritized (catch-up lane), delayed (backoff), active, failed',
    labelNames: ['queue', 'state'] as const,
    registers,
    async collect() {
      jobs.reset();
      const all = await readQueues().catch(() => []);
      for (const { queue, counts } of all) {
        for (const state of countedJobStates) {
          jobs.set({ queue, state }, counts[state] ?? 0);
        }
      }
    },
  });
  const lag = new GaugeWhenRead({
    name: 'sokoni_outbox_lag_seconds',
    help: 'Age of the oldest notification owed and not yet handed to the provider (pending or queued); 0 when none is',
    registers,
    async collect() {
      lag.read = false;
      await readLag().then(
        (age) => {
          lag.set(age ?? 0);
          lag.read = true;
        },
        () => undefined,
      );
    },
  });
  const up = new Gauge({
    name: 'sokoni_metrics_source_up',
    help: 'Whether this scrape could read a source of gauges: queue (Redis) or outbox (PostgreSQL)',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      const [queue, outbox] = await Promise.allSettled([readQueues(), readLag()]);
      up.set({ source: 'queue' }, queue.status === 'fulfilled' ? 1 : 0);
      up.set({ source: 'outbox' }, outbox.status === 'fulfilled' ? 1 : 0);
    },
  });
}
