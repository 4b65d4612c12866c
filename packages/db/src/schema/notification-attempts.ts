import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.ts';
import { notifications } from './notifications.ts';

/** One row per call to the SMS gateway, whatever its outcome. */
export const notificationAttempts = pgTable(
  'notification_attempts',
  {
    id: id(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** accepted, permanent, account, transient (see the worker's status classification). */
    outcome: text('outcome').notNull(),
    httpStatus: integer('http_status'),
    providerStatusCode: integer('provider_status_code'),
    providerMessageId: text('provider_message_id'),
    cost: text('cost'),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('notification_attempts_notification_id_idx').on(t.notificationId, t.attempt)],
);

export type NotificationAttemptRow = typeof notificationAttempts.$inferSelect;
