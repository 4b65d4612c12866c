import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { statusAfter, statusesBefore } from '../notification-status.ts';
import { type NotificationRow, notifications } from '../schema/notifications.ts';

// An SMS still owed long after it was written helps no one ("your order was received", a day
// late). Past its maximum age it is never sent: the row is moved to `expired` with the reason in
// last_error. The age is measured in PostgreSQL, on created_at, so no process clock decides it.

/** The last_error of an expired row. */
export function expiryReason(maxAgeMs: number): string {
  return `expired unsent: still owed ${describeDuration(maxAgeMs)} after it was written, too late to be worth sending`;
}

function describeDuration(ms: number): string {
  if (ms % 3_600_000 === 0) {
    return `${ms / 3_600_000} h`;
  }
  if (ms % 60_000 === 0) {
    return `${ms / 60_000} min`;
  }
  return `${ms / 1000} s`;
}

const olderThan = (maxAgeMs: number) =>
  sql`${notifications.createdAt} < now() - make_interval(secs => ${maxAgeMs / 1000})`;

/**
 * Expires one row if it is still owed (`pending`, `queued`) and older than `maxAgeMs`: the
 * worker's check at claim time, so no job sends an SMS past its age. Returns the expired row.
 */
export async function expireNotificationIfOverdue(
  db: Executor,
  id: string,
  maxAgeMs: number,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({ status: statusAfter('expired'), lastError: expiryReason(maxAgeMs), updatedAt: sql`now()` })
    .where(
      and(
        eq(notifications.id, id),
        inArray(notifications.status, statusesBefore('expired')),
        olderThan(maxAgeMs),
      ),
    )
    .returning();
  return row;
}

/**
 * Expires up to `limit` owed rows older than `maxAgeMs`, oldest first: the relay's sweep, so rows
 * whose jobs were lost, or that wait far back in the queue, end at once instead of each taking a
 * turn of the queue's rate limit. Along notifications_status_created_at_idx, so a sweep that
 * finds nothing reads next to nothing. SKIP LOCKED: replicas and workers claiming a row are left
 * alone. Returns the ids expired.
 */
export async function expireOverdueNotifications(
  db: Executor,
  options: { maxAgeMs: number; limit: number },
): Promise<string[]> {
  const result = await db.execute<{ id: string }>(sql`
    update ${notifications} n
    set status = ${statusAfter('expired')}, last_error = ${expiryReason(options.maxAgeMs)}, updated_at = now()
    from (
      select ${notifications.id} as id from ${notifications}
      where ${notifications.status} in ${statusesBefore('expired')} and ${olderThan(options.maxAgeMs)}
      order by ${notifications.createdAt}
      limit ${options.limit}
      for update skip locked
    ) overdue
    where n.id = overdue.id and n.status in ${statusesBefore('expired')}
    returning n.id`);
  return result.rows.map((row) => row.id);
}
