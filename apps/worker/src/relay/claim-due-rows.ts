import { type Database, type NotificationStatus, notifications } from '@sokoni/db';
import { sql } from 'drizzle-orm';

export interface DueWindows {
  /** Age of a `pending` row before the relay adds its job (the API normally does first). */
  graceMs: number;
  /** Time after which a row handed to the queue and still owed is handed over again. */
  requeueAfterMs: number;
  /**
   * Since when Redis has held the queue's jobs (redis-data-since.ts): a `pending` or `queued`
   * row handed over before then may have lost its job, so it is due now, whatever its age.
   */
  handedOverBefore?: Date;
}

export interface ClaimedRow {
  id: string;
  /** Its status when claimed: a `pending` row never had a job; the others' job may still exist. */
  status: NotificationStatus;
  /** enqueued_at before the claim, put back by releaseClaims. */
  previousEnqueuedAt: Date | null;
}

/**
 * Claims up to `limit` rows that still owe a job and commits at once: rows `pending` past the
 * grace period, and rows handed to the queue longer than the requeue period ago that are still
 * `queued` or `sending` (their job was lost with Redis, or failed for good), or, `pending` and
 * `queued` ones, before `handedOverBefore` (Redis lost its data since). A `sending` row is due
 * only by the requeue period: its worker may be sending it right now. FOR UPDATE SKIP
 * LOCKED lets replicas claim side by side without taking the same rows, and the claim itself is
 * `enqueued_at = now()`: a claimed row is not due again for a requeue period, so the row locks
 * end with this statement and no Redis call ever runs while they are held.
 *
 * If the process dies after this commit and before the jobs are added, nothing else is needed:
 * the rows become due again once the requeue period has passed since the claim, and the next
 * sweep takes them. A failed add puts the claims back at once (releaseClaims).
 *
 * Oldest hand-over first, along notifications_owed_handed_over_idx: the index holds only owed
 * rows and a claim moves a row to its end, so a claim does not wade through the rows sent or
 * claimed before it (ordered by creation, the 200th batch of a backlog filtered out the 99 500
 * rows the first 199 had claimed).
 */
export async function claimDueRows(
  db: Database,
  options: DueWindows & { limit: number },
): Promise<ClaimedRow[]> {
  const grace = options.graceMs / 1000;
  const requeue = options.requeueAfterMs / 1000;
  const handedOver = sql`coalesce(${notifications.enqueuedAt}, ${notifications.createdAt})`;
  // The later of the two: handed over before it, a row's job may be gone.
  const since = options.handedOverBefore?.toISOString() ?? null;
  const staleBefore = sql`greatest(now() - make_interval(secs => ${requeue}), ${since}::timestamptz)`;
  const result = await db.execute<{
    id: string;
    status: NotificationStatus;
    previous_enqueued_at: Date | string | null;
  }>(sql`
    update ${notifications} n set enqueued_at = now()
    from (
      select ${notifications.id} as id, ${notifications.status} as status,
        ${notifications.enqueuedAt} as enqueued_at
      from ${notifications}
      where (${notifications.status} = 'pending'
          and ${notifications.createdAt} < now() - make_interval(secs => ${grace})
          and (${notifications.enqueuedAt} is null or ${notifications.enqueuedAt} < ${staleBefore}))
        or (${notifications.status} = 'queued' and ${handedOver} < ${staleBefore})
        or (${notifications.status} = 'sending'
          and ${notifications.updatedAt} < now() - make_interval(secs => ${requeue})
          and ${handedOver} < now() - make_interval(secs => ${requeue}))
      order by ${handedOver}
      limit ${options.limit}
      for update skip locked
    ) due
    where n.id = due.id
    returning n.id, due.status, due.enqueued_at as previous_enqueued_at`);
  return result.rows.map((row) => ({
    id: row.id,
    status: row.status,
    previousEnqueuedAt: row.previous_enqueued_at === null ? null : new Date(row.previous_enqueued_at),
  }));
}

/**
 * Gives claimed rows back after their jobs could not be added (Redis down or not answering):
 * enqueued_at as it was, so the rows are due again at the next sweep rather than after a
 * requeue period.
 */
export async function releaseClaims(db: Database, claimed: ClaimedRow[]): Promise<void> {
  if (claimed.length === 0) {
    return;
  }
  await db.execute(sql`
    update ${notifications} n set enqueued_at = v.previous
    from unnest(
      ${sql.param(claimed.map((row) => row.id))}::uuid[],
      ${sql.param(claimed.map((row) => row.previousEnqueuedAt?.toISOString() ?? null))}::timestamptz[]
    ) as v(id, previous)
    where n.id = v.id`);
}
