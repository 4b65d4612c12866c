import type { Database } from '@sokoni/db';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { RelayQueue } from './relay-batch.ts';

/** The marker's key under the queue's prefix: `<prefix>:sms:relay-data-since`. */
const markerName = 'relay-data-since';

/**
 * Tells the relay since when Redis has held the queue's jobs, so it notices within one sweep
 * that Redis lost them (FLUSHALL, a replacement that came up empty, a failover to a replica
 * that had nothing) instead of a requeue period later. A key holds the time the relay first
 * found this Redis without it; Redis loses the key with the jobs. Every owed row handed to the
 * queue before that time may have lost its job, so the claim takes them at once (claimDueRows'
 * `handedOverBefore`) and the batched look-up adds only the jobs really missing.
 *
 * The time is PostgreSQL's, the clock enqueued_at is written with. Costs one GET per sweep while
 * nothing is lost. Replicas race to write it with SET NX, and all of them read the winner's time,
 * so they share the rows of one catch-up. A Redis that keeps its data across restarts (AOF)
 * keeps the key, so a restart alone costs nothing.
 */
export function createRedisDataSince(deps: {
  db: Database;
  queue: RelayQueue;
  log: Logger;
  onDataLost: () => void;
}): () => Promise<Date> {
  const { db, queue, log } = deps;
  const key = queue.queue.toKey(markerName);
  return async function redisDataSince(): Promise<Date> {
    const known = await queue.connection.get(key);
    if (known !== null) {
      return new Date(Number(known));
    }
    const result = await db.execute<{ now: string }>(
      sql`select ceil(extract(epoch from now()) * 1000)::bigint::text as now`,
    );
    const now = result.rows[0]?.now ?? String(Date.now());
    if ((await queue.connection.set(key, now, 'NX')) !== 'OK') {
      // Another replica wrote it first: its time, so all of them check the same rows.
      return new Date(Number((await queue.connection.get(key)) ?? now));
    }
    deps.onDataLost();
    log.warn(
      { since: new Date(Number(now)).toISOString() },
      'Redis holds no relay marker: it is new or lost its data; checking every SMS handed to the queue before now',
    );
    return new Date(Number(now));
  };
}
