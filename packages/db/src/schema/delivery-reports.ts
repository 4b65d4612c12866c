import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.ts';
import { notifications } from './notifications.ts';

/** Every delivery report received, raw, whether or not it matched a notification. */
export const deliveryReports = pgTable(
  'delivery_reports',
  {
    id: id(),
    providerMessageId: text('provider_message_id').notNull(),
    notificationId: uuid('notification_id').references(() => notifications.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    failureReason: text('failure_reason'),
    networkCode: text('network_code'),
    retryCount: integer('retry_count'),
    raw: jsonb('raw').$type<Record<string, string>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('delivery_reports_provider_message_id_idx').on(t.providerMessageId),
    index('delivery_reports_notification_id_idx').on(t.notificationId, t.receivedAt),
  ],
);

export type DeliveryReportRow = typeof deliveryReports.$inferSelect;
