import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type DeliveryReportRow, deliveryReports } from '../schema/delivery-reports.ts';
import { type NotificationRow, type NotificationStatus, notifications } from '../schema/notifications.ts';

// Delivery reports from Africa's Talking: stored raw, then applied to their notification
// monotonically (a final status is never overwritten by a late interim report).

const finalReportStatus: Record<string, NotificationStatus> = {
  Success: 'delivered',
  Failed: 'failed',
  Rejected: 'rejected',
};

export interface IncomingDeliveryReport {
  providerMessageId: string;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
  retryCount: number | null;
  raw: Record<string, string>;
}

/**
 * Stores a delivery report raw and applies it to its notification, if one has that provider id.
 * Only final reports (Success, Failed, Rejected) change the row, and only a row that is not
 * final yet: duplicates and late interim reports change nothing.
 */
export async function recordDeliveryReport(
  db: Executor,
  report: IncomingDeliveryReport,
): Promise<{ report: DeliveryReportRow; notification: NotificationRow | undefined }> {
  const [target] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(eq(notifications.providerMessageId, report.providerMessageId))
    .limit(1);
  const [stored] = await db
    .insert(deliveryReports)
    .values({ ...report, notificationId: target?.id ?? null })
    .returning();
  if (!stored) {
    throw new Error('insert returned no row');
  }
  const notification = target
    ? await applyReportToNotification(db, target.id, report.status, report.failureReason)
    : undefined;
  return { report: stored, notification };
}

export async function applyReportToNotification(
  db: Executor,
  id: string,
  status: string,
  failureReason: string | null,
): Promise<NotificationRow | undefined> {
  const next = finalReportStatus[status];
  if (next === undefined) {
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    return row;
  }
  const [row] = await db
    .update(notifications)
    .set({
      status: next,
      updatedAt: sql`now()`,
      ...(next === 'delivered'
        ? { deliveredAt: sql`now()` }
        : {
            lastError: failureReason
              ? `delivery ${status.toLowerCase()}: ${failureReason}`
              : `delivery ${status.toLowerCase()}`,
          }),
    })
    // A report only exists for a message AT took, so the row is sending (our write of `sent` may
    // still be in flight) or sent; never overwrite a final status.
    .where(and(eq(notifications.id, id), inArray(notifications.status, ['queued', 'sending', 'sent'])))
    .returning();
  if (row) {
    return row;
  }
  const [current] = await db.select().from(notifications).where(eq(notifications.id, id));
  return current;
}
