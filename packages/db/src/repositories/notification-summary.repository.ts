import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';

// How the SMS flow is doing right now, as operators and the worker's metrics see it. Every count
// and minimum reads notifications_status_created_at_idx (status, created_at, id) for one status,
// so none of them reads a row of another status, however many rows were sent before.

const oldestOwedAgeS = sql`extract(epoch from now() - least(
  (select min(created_at) from notifications where status = 'pending'),
  (select min(created_at) from notifications where status = 'queued')
))::float8`;

/**
 * Age of the oldest notification still owed and not yet handed to the provider (`pending` or
 * `queued`), in seconds by PostgreSQL's clock; null when nothing is owed. Two index lookups, one
 * per status, so it costs the same with ten owed rows or a million.
 */
export async function oldestOwedNotificationAgeS(db: Executor): Promise<number | null> {
  const result = await db.execute<{ age: number | null }>(sql`select ${oldestOwedAgeS} as age`);
  const age = result.rows[0]?.age ?? null;
  return age === null ? null : Math.max(0, age);
}

export interface NotificationSummary {
  /** Written, not yet handed to the queue. */
  pending: number;
  /** On the queue, not yet taken by a worker. */
  queued: number;
  /** Taken by a worker, its call to the provider not yet answered. */
  sending: number;
  /** Created within the last hour and failed since. */
  failedLastHour: number;
  /** Seconds; 0 when nothing is owed. */
  outboxLagS: number;
}

/** The operator console's counters, exact, in one statement. */
export async function readNotificationSummary(db: Executor): Promise<NotificationSummary> {
  const result = await db.execute<{
    pending: number;
    queued: number;
    sending: number;
    failed_last_hour: number;
    outbox_lag_s: number | null;
  }>(sql`
    select
      (select count(*) from notifications where status = 'pending')::int as pending,
      (select count(*) from notifications where status = 'queued')::int as queued,
      (select count(*) from notifications where status = 'sending')::int as sending,
      (select count(*) from notifications
        where status = 'failed' and created_at >= now() - interval '1 hour')::int as failed_last_hour,
      ${oldestOwedAgeS} as outbox_lag_s`);
  const row = result.rows[0];
  return {
    pending: row?.pending ?? 0,
    queued: row?.queued ?? 0,
    sending: row?.sending ?? 0,
    failedLastHour: row?.failed_last_hour ?? 0,
    outboxLagS: Math.max(0, row?.outbox_lag_s ?? 0),
  };
}
