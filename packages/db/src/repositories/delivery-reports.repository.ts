import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
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
 *
 * The report is stored first and matched in a statement of its own: a worker storing this
 * message id at the same time has either committed before the match (which then sees it) or
 * adopts the stored report after its commit (adoptEarlyReports). Matching before storing could
 * miss both ways, leaving the report unapplied for good.
 */
export async function recordDeliveryReport(
  db: Executor,
  report: IncomingDeliveryReport,
): Promise<{ report: DeliveryReportRow; notification: NotificationRow | undefined }> {
  const [inserted] = await db
    .insert(deliveryReports)
    .values({ ...report, notificationId: null })
    .returning();
  if (!inserted) {
    throw new Error('insert returned no row');
  }
  const [matched] = await db
    .update(deliveryReports)
    .set({
      notificationId: sql`(select ${notifications.id} from ${notifications}
        where ${notifications.providerMessageId} = ${report.providerMessageId} limit 1)`,
    })
    .where(and(eq(deliveryReports.id, inserted.id), isNull(deliveryReports.notificationId)))
    .returning();
  const stored = matched ?? inserted;
  const notification = stored.notificationId
    ? await applyReportToNotification(db, stored.notificationId, report.status, report.failureReason)
    : undefined;
  return { report: stored, notification };
}

/**
 * Links reports stored before their message id was (a fast network reports before the worker
 * writes) to the notifications `ids`, then applies them in arrival order. Runs as its own
 * statement after the message ids are committed, so a report stored meanwhile is not missed.
 */
export async function adoptEarlyReports(db: Executor, ids: string[]): Promise<void> {
  if (ids.length === 0) {
    return;
  }
  const early = await db
    .update(deliveryReports)
    .set({ notificationId: notifications.id })
    .from(notifications)
    .where(
      and(
        inArray(notifications.id, ids),
        eq(deliveryReports.providerMessageId, notifications.providerMessageId),
        isNull(deliveryReports.notificationId),
      ),
    )
    .returning({
      notificationId: deliveryReports.notificationId,
      status: deliveryReports.status,
      failureReason: deliveryReports.failureReason,
      receivedAt: deliveryReports.receivedAt,
    });
  const inArrival = early.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  for (const report of inArrival) {
    if (report.notificationId) {
      await applyReportToNotification(db, report.notificationId, report.status, report.failureReason);
    }
  }
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
