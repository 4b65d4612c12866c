import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type DeliveryReportRow, deliveryReports } from '../schema/delivery-reports.ts';
import { type NotificationAttemptRow, notificationAttempts } from '../schema/notification-attempts.ts';
import {
  type NewNotificationRow,
  type NotificationRow,
  type NotificationStatus,
  notifications,
} from '../schema/notifications.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';

// How an SMS moves after its row is written: the worker's claim and outcomes, the relay's sweep,
// delivery reports, operator queries and resends. Every status change is a conditional UPDATE,
// so two actors racing on a row (two workers, a late report) can never move it backwards.

/** Statuses after which nothing is sent any more and no report changes the row. */
export const finalNotificationStatuses = [
  'delivered',
  'failed',
  'rejected',
] as const satisfies NotificationStatus[];
/** A row in one of these still owes a send (or is being sent). */
export const inFlightNotificationStatuses = [
  'pending',
  'queued',
  'sending',
] as const satisfies NotificationStatus[];

export type ClaimResult =
  | { claimed: true; row: NotificationRow; reclaimed: boolean }
  | { claimed: false; row: NotificationRow | undefined };

/**
 * Takes a row for one send: `pending|queued → sending`, attempts + 1. A row left in `sending`
 * by a worker that died mid-send is taken again once it has been `sending` for longer than
 * `staleSendingMs` (longer than any live send can last): the SMS may then go out twice, which
 * is the at-least-once promise, and `reclaimed` says so. Anything else (sent, delivered,
 * failed…) is never claimed.
 */
// Prepared once per database handle: the claim runs once per SMS, so building and planning it
// every time would cost more than running it.
const claimStatements = new WeakMap<Executor, ReturnType<typeof buildClaim>>();

function buildClaim(db: Executor) {
  return db
    .update(notifications)
    .set({ status: 'sending', attempts: sql`${notifications.attempts} + 1`, updatedAt: sql`now()` })
    .where(
      and(eq(notifications.id, sql.placeholder('id')), inArray(notifications.status, ['pending', 'queued'])),
    )
    .returning()
    .prepare('sokoni_claim_notification');
}

function preparedClaim(db: Executor) {
  let statement = claimStatements.get(db);
  if (!statement) {
    statement = buildClaim(db);
    claimStatements.set(db, statement);
  }
  return statement;
}

export async function claimNotificationForSend(
  db: Executor,
  id: string,
  staleSendingMs: number,
): Promise<ClaimResult> {
  // The common case in one prepared statement; the two others only for rows that are not claimable.
  const [fresh] = await preparedClaim(db).execute({ id });
  if (fresh) {
    return { claimed: true, row: fresh, reclaimed: false };
  }
  const claim = {
    status: 'sending' as const,
    attempts: sql`${notifications.attempts} + 1`,
    updatedAt: sql`now()`,
  };
  const [stale] = await db
    .update(notifications)
    .set(claim)
    .where(
      and(
        eq(notifications.id, id),
        eq(notifications.status, 'sending'),
        sql`${notifications.updatedAt} < now() - make_interval(secs => ${staleSendingMs / 1000})`,
      ),
    )
    .returning();
  if (stale) {
    return { claimed: true, row: stale, reclaimed: true };
  }
  const [current] = await db.select().from(notifications).where(eq(notifications.id, id));
  return { claimed: false, row: current };
}

/**
 * The claim of many rows at once, for a worker that claims for its concurrent jobs together: one
 * statement instead of one per SMS. Returns the rows it moved to `sending`; ids not returned
 * were not claimable (or need the stale check of claimNotificationForSend).
 */
export async function claimNotificationsForSend(db: Executor, ids: string[]): Promise<NotificationRow[]> {
  return db
    .update(notifications)
    .set({ status: 'sending', attempts: sql`${notifications.attempts} + 1`, updatedAt: sql`now()` })
    .where(and(inArray(notifications.id, ids), inArray(notifications.status, ['pending', 'queued'])))
    .returning();
}

export interface AcceptedSend {
  notificationId: string;
  providerMessageId: string | null;
  providerStatusCode: number | null;
  cost: string | null;
  attempt: number;
  httpStatus: number | null;
  startedAt: Date;
}

/**
 * Records many accepted sends in one statement (`sending → sent` and an attempt row each), then
 * applies delivery reports that arrived before the message ids were stored.
 */
export async function markNotificationsSent(db: Executor, sends: AcceptedSend[]): Promise<void> {
  if (sends.length === 0) {
    return;
  }
  const column = <T>(pick: (send: AcceptedSend) => T) => sql.param(sends.map(pick));
  const early = await db.execute<{
    notification_id: string;
    status: string;
    failure_reason: string | null;
    received_at: string;
  }>(sql`
    with v as (
      select * from unnest(
        ${column((x) => x.notificationId)}::uuid[], ${column((x) => x.providerMessageId)}::text[],
        ${column((x) => x.providerStatusCode)}::int[], ${column((x) => x.cost)}::text[],
        ${column((x) => x.attempt)}::int[], ${column((x) => x.httpStatus)}::int[],
        ${column((x) => x.startedAt.toISOString())}::timestamptz[]
      ) as v(id, message_id, status_code, cost, attempt, http_status, started_at)
    ), sent as (
      update ${notifications} n
      set status = 'sent', provider_message_id = v.message_id, provider_status_code = v.status_code,
        cost = v.cost, last_error = null, sent_at = now(), updated_at = now()
      from v where n.id = v.id and n.status = 'sending'
      returning n.id, n.provider_message_id
    ), attempt as (
      insert into ${notificationAttempts} (notification_id, attempt, outcome, http_status, provider_status_code,
        provider_message_id, cost, started_at)
      select id, attempt, 'accepted', http_status, status_code, message_id, cost, started_at from v
    )
    update ${deliveryReports} d set notification_id = sent.id
    from sent where d.provider_message_id = sent.provider_message_id and d.notification_id is null
    returning d.notification_id, d.status, d.failure_reason, d.received_at`);
  const inArrival = early.rows.sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at));
  for (const report of inArrival) {
    await applyReportToNotification(db, report.notification_id, report.status, report.failure_reason);
  }
}

/** When a claimed `sending` row was last touched, so a job can wait for a live send to finish. */
export function sendingAgeMs(row: NotificationRow, now: Date = new Date()): number {
  return now.getTime() - row.updatedAt.getTime();
}

export interface AttemptRecord {
  notificationId: string;
  attempt: number;
  outcome: string;
  httpStatus: number | null;
  providerStatusCode: number | null;
  providerMessageId: string | null;
  cost: string | null;
  error: string | null;
  startedAt: Date;
}

export async function insertNotificationAttempt(db: Executor, attempt: AttemptRecord): Promise<void> {
  await db.insert(notificationAttempts).values(attempt);
}

/**
 * Records an accepted send (`sending → sent`, and its attempt when given) in one statement, then
 * applies any delivery report that arrived before the provider's id was stored (a fast network
 * can report before we write).
 */
export async function markNotificationSent(
  db: Executor,
  id: string,
  result: { providerMessageId: string | null; providerStatusCode: number | null; cost: string | null },
  attempt?: AttemptRecord,
): Promise<void> {
  const recordAttempt = attempt
    ? sql`, attempt as (
        insert into ${notificationAttempts} (notification_id, attempt, outcome, http_status, provider_status_code,
          provider_message_id, cost, error, started_at)
        values (${attempt.notificationId}, ${attempt.attempt}, ${attempt.outcome}, ${attempt.httpStatus},
          ${attempt.providerStatusCode}, ${attempt.providerMessageId}, ${attempt.cost}, ${attempt.error},
          ${attempt.startedAt.toISOString()}::timestamptz)
      )`
    : sql``;
  // Reports stored unmatched for this message id; claimed here so nothing else applies them.
  const early = await db.execute<{ status: string; failure_reason: string | null; received_at: string }>(sql`
    with sent as (
      update ${notifications}
      set status = 'sent', provider_message_id = ${result.providerMessageId},
        provider_status_code = ${result.providerStatusCode}, cost = ${result.cost}, last_error = null,
        sent_at = now(), updated_at = now()
      where id = ${id} and status = 'sending'
      returning id
    )${recordAttempt}
    update ${deliveryReports} set notification_id = ${id}
    where provider_message_id = ${result.providerMessageId} and notification_id is null
      and exists (select 1 from sent)
    returning status, failure_reason, received_at`);
  const inArrival = early.rows.sort((a, b) => Date.parse(a.received_at) - Date.parse(b.received_at));
  for (const report of inArrival) {
    await applyReportToNotification(db, id, report.status, report.failure_reason);
  }
}

/** A send that cannot succeed: `sending → failed` (or any not-final status, for exhausted retries). */
export async function markNotificationFailed(
  db: Executor,
  id: string,
  failure: { error: string; providerStatusCode: number | null },
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({
      status: 'failed',
      lastError: failure.error,
      providerStatusCode: failure.providerStatusCode,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notifications.id, id), inArray(notifications.status, ['pending', 'queued', 'sending'])))
    .returning();
  return row;
}

/** Puts a claimed row back (`sending → queued`) for a later attempt, noting why this one failed. */
export async function releaseNotification(
  db: Executor,
  id: string,
  failure: { error: string; providerStatusCode: number | null },
): Promise<void> {
  await db
    .update(notifications)
    .set({
      status: 'queued',
      lastError: failure.error,
      providerStatusCode: failure.providerStatusCode,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notifications.id, id), eq(notifications.status, 'sending')));
}

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
        or (${notifications.status} = 'sending' and ${notifications.updatedAt} < now() - make_interval(secs => ${requeue}))`,
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
  await tx
    .update(notifications)
    .set({
      status: sql`case when ${notifications.status} = 'pending' then 'queued' else ${notifications.status} end`,
      enqueuedAt: sql`now()`,
    })
    .where(inArray(notifications.id, ids));
  return ids;
}

// ── Delivery reports ────────────────────────────────────────────────────────────────────────────

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

async function applyReportToNotification(
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

// ── Reading and resending ───────────────────────────────────────────────────────────────────────

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
