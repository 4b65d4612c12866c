import { and, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { statusAfter, statusesBefore } from '../notification-status.ts';
import { type NewNotificationRow, type NotificationRow, notifications } from '../schema/notifications.ts';

/**
 * Records an SMS owed. Returns undefined when a row with the same idempotency key exists:
 * the message is already owed, and owing it twice would send it twice.
 */
export async function insertNotification(
  db: Executor,
  values: NewNotificationRow,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .insert(notifications)
    .values(values)
    .onConflictDoNothing({ target: notifications.idempotencyKey })
    .returning();
  return row;
}

/** Marks rows as handed to the queue, unless a worker has already moved them on. */
export async function markNotificationsQueued(db: Executor, ids: string[]): Promise<void> {
  await db
    .update(notifications)
    .set({ status: statusAfter('enqueued'), enqueuedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(inArray(notifications.id, ids), inArray(notifications.status, statusesBefore('enqueued'))));
}
