import { asc, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { notifications } from '../schema/notifications.ts';

// The relay's side of the outbox: rows that never reached the queue, or whose job Redis lost.

/**
 * The relay's sweep, to run inside a transaction: locks rows that still owe a job (pending past
 * the grace period, or handed to the queue long ago and never finished) and skips rows another
 * replica holds. `enqueue` adds their jobs while the rows stay locked (`stale` lists those that
 * had been handed to the queue before: their job may still exist); the rows are then marked.
 */
export async function sweepOutbox(
  tx: Executor,
  options: { graceMs: number; requeueAfterMs: number; limit: number },
  enqueue: (ids: string[], stale: string[]) => Promise<void>,
): Promise<string[]> {
  const grace = options.graceMs / 1000;
  const requeue = options.requeueAfterMs / 1000;
  const due = await tx
    .select({ id: notifications.id, status: notifications.status })
    .from(notifications)
    .where(
      sql`(${notifications.status} = 'pending' and ${notifications.createdAt} < now() - make_interval(secs => ${grace}))
        or (${notifications.status} = 'queued' and coalesce(${notifications.enqueuedAt}, ${notifications.createdAt}) < now() - make_interval(secs => ${requeue}))
        or (${notifications.status} = 'sending' and ${notifications.updatedAt} < now() - make_interval(secs => ${requeue})
          and coalesce(${notifications.enqueuedAt}, ${notifications.createdAt}) < now() - make_interval(secs => ${requeue}))`,
    )
    .orderBy(asc(notifications.createdAt))
    .limit(options.limit)
    .for('update', { skipLocked: true });
  const ids = due.map((row) => row.id);
  if (ids.length === 0) {
    return ids;
  }
  await enqueue(
    ids,
    due.filter((row) => row.status !== 'pending').map((row) => row.id),
  );
  // enqueued_at now: a row the relay just handed over (even one it leaves `sending`) is not due
  // again for another requeue period, so a full batch of them cannot hide the rows behind it.
  await tx
    .update(notifications)
    .set({
      status: sql`case when ${notifications.status} = 'pending' then 'queued' else ${notifications.status} end`,
      enqueuedAt: sql`now()`,
    })
    .where(inArray(notifications.id, ids));
  return ids;
}
