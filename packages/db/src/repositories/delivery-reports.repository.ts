import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type notificationMoves, statusesBefore } from '../notification-status.ts';
import { deliveryReports } from '../schema/delivery-reports.ts';
import { type NotificationStatus, notifications } from '../schema/notifications.ts';

// Delivery reports from Africa's Talking: stored raw, then applied to their notification by one
// statement (applyDeliveryReports), whichever side comes last: the webhook that stores a report,
// or the worker that stores the message id the report names.

/** The final report statuses and the status each gives its notification; interim ones give none. */
const reportOutcomes = {
  Success: 'delivered',
  Failed: 'failed',
  Rejected: 'rejected',
} as const satisfies Record<string, (typeof notificationMoves.reported.to)[number]>;

export interface IncomingDeliveryReport {
  providerMessageId: string;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
  retryCount: number | null;
  raw: Record<string, string>;
}

/** reportOutcomes as SQL rows (report status, notification status), built once. */
const outcomes = sql.join(
  Object.entries(reportOutcomes).map(([report, status]) => sql`(${report}, ${status})`),
  sql`, `,
);

/** A notification a report was matched to, and its status after the report was applied. */
export interface ReportedNotification {
  id: string;
  status: NotificationStatus;
  /**
   * Seconds from the SMS's acceptance (`sent_at`) to this call, when this call applied its final
   * report; null when the row was final already or has no final report yet. Measured by
   * PostgreSQL's clock at both ends (the delivery latency metric).
   */
  reportedAfterS: number | null;
}

/**
 * Stores a delivery report raw, whether or not any notification has its message id, then applies
 * the reports of that message id. Must run outside a transaction: see applyDeliveryReports.
 */
export async function recordDeliveryReport(
  db: Executor,
  report: IncomingDeliveryReport,
): Promise<{ notification: ReportedNotification | undefined }> {
  // A plain statement rather than the query builder: a busy account sends several reports per SMS.
  await db.execute(sql`
    insert into ${deliveryReports} (provider_message_id, status, failure_reason, network_code, retry_count, raw)
    values (${report.providerMessageId}, ${report.status}, ${report.failureReason}, ${report.networkCode},
      ${report.retryCount}::integer, ${JSON.stringify(report.raw)}::jsonb)`);
  const [notification] = await applyDeliveryReports(db, { providerMessageIds: [report.providerMessageId] });
  return { notification };
}

/**
 * The one place a delivery report changes a notification. For each notification picked (by id,
 * or by the message ids reports name) that has a message id, it links the stored reports of
 * that message id to it and applies the first final one received: `sent → delivered | failed |
 * rejected` (notificationMoves.reported). Interim reports (Sent, Submitted, Buffered), duplicates
 * and reports for a row already final change nothing, so running it again is harmless.
 *
 * Both sides run it, each in a statement of its own after its own write has committed: the webhook
 * after storing a report, the worker after storing message ids. Whichever runs second sees both
 * writes, so a report that races the worker's write of its message id is never left unapplied,
 * and one arriving before that write waits, stored and unlinked, until it.
 */
export async function applyDeliveryReports(
  db: Executor,
  of: { notificationIds: string[] } | { providerMessageIds: string[] },
): Promise<ReportedNotification[]> {
  const byId = 'notificationIds' in of;
  const keys = byId ? of.notificationIds : of.providerMessageIds;
  if (keys.length === 0) {
    return [];
  }
  const picked = byId
    ? sql`n.id = any(${sql.param(keys)}::uuid[])`
    : sql`n.provider_message_id = any(${sql.param(keys)}::text[])`;
  const result = await db.execute<ReportedNotification & Record<string, unknown>>(sql`
    with target as (
      select n.id, n.status, n.provider_message_id from ${notifications} n
      where ${picked} and n.provider_message_id is not null
    ), linked as (
      update ${deliveryReports} r set notification_id = t.id
      from target t
      where r.provider_message_id = t.provider_message_id and r.notification_id is null
    ), first_final as (
      select distinct on (t.id) t.id, m.outcome, r.status as report_status, r.failure_reason
      from target t
      join ${deliveryReports} r on r.provider_message_id = t.provider_message_id
      join (values ${outcomes}) as m(report_status, outcome) on m.report_status = r.status
      order by t.id, r.received_at, r.id
    ), applied as (
      update ${notifications} n
      set status = f.outcome, updated_at = now(),
        delivered_at = case when f.outcome = ${reportOutcomes.Success} then now() else n.delivered_at end,
        last_error = case when f.outcome = ${reportOutcomes.Success} then n.last_error
          else 'delivery ' || lower(f.report_status) || coalesce(': ' || f.failure_reason, '') end
      from first_final f
      where n.id = f.id and n.status in ${statusesBefore('reported')}
      returning n.id, n.status, n.sent_at
    )
    select t.id, coalesce(a.status, t.status) as status,
      extract(epoch from now() - a.sent_at)::float8 as "reportedAfterS"
    from target t left join applied a on a.id = t.id`);
  return result.rows;
}
