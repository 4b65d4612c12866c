import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type DeliveryReportRow, deliveryReports } from '../schema/delivery-reports.ts';
import { type NotificationAttemptRow, notificationAttempts } from '../schema/notification-attempts.ts';
import {
  type NewNotificationRow,
  type NotificationRow,
  type NotificationStatus,
  notifications,
} from '../schema/notifications.ts';
import { inFlightNotificationStatuses } from './notification-sending.repository.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';

// Reading notifications for operators, and owing a resend.

export interface NotificationFilters {
  status?: NotificationStatus | undefined;
  orderId?: string | undefined;
  customerId?: string | undefined;
  createdBefore?: Date | undefined;
  createdAfter?: Date | undefined;
}

export async function listNotifications(
  db: Executor,
  query: PageQuery & NotificationFilters,
): Promise<NotificationRow[]> {
  const page = keyset(notifications, query);
  return db
    .select()
    .from(notifications)
    .where(
      allOf(
        page.where,
        query.status ? eq(notifications.status, query.status) : undefined,
        query.orderId ? eq(notifications.orderId, query.orderId) : undefined,
        query.customerId ? eq(notifications.customerId, query.customerId) : undefined,
        query.createdBefore ? lt(notifications.createdAt, query.createdBefore) : undefined,
        query.createdAfter ? gte(notifications.createdAt, query.createdAfter) : undefined,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function findNotificationById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<NotificationRow | undefined> {
  const query = db.select().from(notifications).where(eq(notifications.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function listNotificationAttempts(db: Executor, id: string): Promise<NotificationAttemptRow[]> {
  return db
    .select()
    .from(notificationAttempts)
    .where(eq(notificationAttempts.notificationId, id))
    .orderBy(asc(notificationAttempts.attempt), asc(notificationAttempts.finishedAt));
}

export async function listDeliveryReports(db: Executor, id: string): Promise<DeliveryReportRow[]> {
  return db
    .select()
    .from(deliveryReports)
    .where(eq(deliveryReports.notificationId, id))
    .orderBy(asc(deliveryReports.receivedAt), asc(deliveryReports.id));
}

/** A notification among `ids` or resent from one of them that still owes a send, if any. */
export async function findInFlightInFamily(
  db: Executor,
  ids: string[],
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(
      and(
        or(inArray(notifications.id, ids), inArray(notifications.resendOf, ids)),
        inArray(notifications.status, [...inFlightNotificationStatuses]),
      ),
    )
    .limit(1);
  return row;
}

export async function insertResendNotification(
  db: Executor,
  values: Omit<NewNotificationRow, 'trigger' | 'status'>,
): Promise<NotificationRow> {
  const [row] = await db
    .insert(notifications)
    .values({ ...values, trigger: 'resend', status: 'pending' })
    .returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}
