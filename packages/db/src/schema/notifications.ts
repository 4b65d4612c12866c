import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { initialNotificationStatus } from '../notification-status.ts';
import { id, timestamps } from './columns.ts';
import { customers } from './customers.ts';
import { orders } from './orders.ts';

export const notificationStatuses = [
  'pending',
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'rejected',
  // Never sent, by decision rather than by failure; last_error says why.
  /** Over the customer's daily SMS cap. */
  'suppressed',
  /** Still owed when it was too old to be worth sending. */
  'expired',
] as const;
/** Where a row may go from each status: notification-status.ts. */
export type NotificationStatus = (typeof notificationStatuses)[number];

/**
 * The outbox and the SMS history in one table. A row is written in the same transaction as the
 * order change that owes it; the worker moves it pending → queued → sending → sent, and delivery
 * reports move it on to delivered, failed or rejected (every move: notification-status.ts).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'restrict' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    channel: text('channel').notNull().default('sms'),
    /** order.created, order.status.<status>, or resend. */
    trigger: text('trigger').notNull(),
    /** E.164 phone number the SMS goes to. */
    recipient: text('recipient').notNull(),
    body: text('body').notNull(),
    /** GSM-7 or UCS-2: decides how many characters fit in one SMS segment. */
    encoding: text('encoding').notNull().default('GSM-7'),
    segments: integer('segments').notNull().default(1),
    status: text('status').$type<NotificationStatus>().notNull().default(initialNotificationStatus),
    /** Send attempts made against the gateway. */
    attempts: integer('attempts').notNull().default(0),
    providerMessageId: text('provider_message_id'),
    providerStatusCode: integer('provider_status_code'),
    /** As Africa's Talking reports it, e.g. "KES 0.8000". */
    cost: text('cost'),
    lastError: text('last_error'),
    /** Unique per SMS owed, e.g. order:<id>:order.created: a retried request never owes two messages. */
    idempotencyKey: text('idempotency_key').notNull(),
    resendOf: uuid('resend_of').references((): AnyPgColumn => notifications.id, { onDelete: 'restrict' }),
    /** Last time a job for this row was handed to the queue; the relay re-enqueues stale ones. */
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('notifications_idempotency_key_key').on(t.idempotencyKey),
    index('notifications_order_id_idx').on(t.orderId),
    index('notifications_customer_id_idx').on(t.customerId, t.createdAt, t.id),
    index('notifications_resend_of_idx').on(t.resendOf),
    index('notifications_created_at_id_idx').on(t.createdAt, t.id),
    index('notifications_status_created_at_idx').on(t.status, t.createdAt, t.id),
    index('notifications_provider_message_id_idx').on(t.providerMessageId),
    // The outbox relay's claim: the rows still owed, oldest hand-over first. Only owed rows are
    // in it, and a claimed row moves to its end, so a claim reads about as many entries as it
    // takes, however many rows were sent or claimed before.
    index('notifications_owed_handed_over_idx')
      .on(sql`coalesce(${t.enqueuedAt}, ${t.createdAt})`)
      .where(sql`${t.status} in ('pending', 'queued', 'sending')`),
  ],
);

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;
