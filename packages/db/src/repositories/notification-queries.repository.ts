import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { inFlightNotificationStatuses, initialNotificationStatus } from '../notification-status.ts';
import { type DeliveryReportRow, deliveryReports } from '../schema/delivery-reports.ts';
import { type NotificationAttemptRow, notificationAttempts } from '../schema/notification-attempts.ts';
import {
  type NewNotificationRow,
  type NotificationRow,
  type NotificationStatus,
  notifications,
} from '../schema/notifications.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';

// Reading notifications for operators, and owing a resend.

export interface NotificationFilters {
  status?: NotificationStatus | undefined;
  orderId?: string | undefined;
  customerId?: string | undefined;
  /** `sms`, or `email` (staff e-mails). */
  channel?: string | undefined;
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
        query.channel ? eq(notifications.channel, query.channel) : undefined,
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

/**
 * Locks the first notification of `id`'s resend chain (a resend of a resend of … it) until the
 * transaction ends and returns its id. Every resend of the same message hangs off that row, so
 * locking it serialises resends of any of them.
 */
export async function lockResendRoot(db: Executor, id: string): Promise<string> {
  const found = await db.execute<{ id: string }>(sql`
    with recursive chain(id, resend_of) as (
      select ${notifications.id}, ${notifications.resendOf} from ${notifications} where ${notifications.id} = ${id}
      union all
      select n.id, n.resend_of from ${notifications} n join chain on n.id = chain.resend_of
    )
    select id from chain where resend_of is null`);
  const rootId = found.rows[0]?.id ?? id;
  await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.id, rootId))
    .for('update');
  return rootId;
}

/** A notification of the resend tree under `rootId` (itself included) that still owes a send, if any. */
export async function findInFlightInResendTree(
  db: Executor,
  rootId: string,
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(
      and(
        sql`${notifications.id} in (
          with recursive tree(id) as (
            select ${rootId}::uuid
            union all
            select n.id from ${notifications} n join tree on n.resend_of = tree.id
          )
          select id from tree)`,
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
    .values({ ...values, trigger: 'resend', status: initialNotificationStatus })
    .returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}
