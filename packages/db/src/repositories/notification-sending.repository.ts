import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { statusAfter, statusesBefore } from '../notification-status.ts';
import { notificationAttempts } from '../schema/notification-attempts.ts';
import { type NotificationRow, notifications } from '../schema/notifications.ts';
import { applyDeliveryReports, type ReportedNotification } from './delivery-reports.repository.ts';
import { expireNotificationIfOverdue } from './notification-expiry.repository.ts';

// The worker's side of an SMS: its claim and the outcome of each send. Every status change is a
// conditional UPDATE whose target and "from" list come from the state machine
// (notification-status.ts), so two actors racing on a row can never move it backwards.

export type ClaimResult =
  | { claimed: true; row: NotificationRow; reclaimed: boolean }
  | { claimed: false; row: NotificationRow | undefined };

/** What a claim (or a re-take) writes: the row is being sent, one attempt more. */
const claimed = {
  status: statusAfter('claimed'),
  attempts: sql`${notifications.attempts} + 1`,
  updatedAt: sql`now()`,
};

// The claims are prepared once per database handle: they run for every SMS, so building and
// planning them every time would cost more than running them.
function perHandle<T>(build: (db: Executor) => T): (db: Executor) => T {
  const statements = new WeakMap<Executor, T>();
  return (db) => {
    let statement = statements.get(db);
    if (!statement) {
      statement = build(db);
      statements.set(db, statement);
    }
    return statement;
  };
}

/** Only rows younger than their maximum age are claimed; older ones are expired instead. */
const youngEnough = sql`${notifications.createdAt} >= now() - make_interval(secs => ${sql.placeholder('maxAgeS')}::float8)`;

const preparedClaim = perHandle((db) =>
  db
    .update(notifications)
    .set(claimed)
    .where(
      and(
        eq(notifications.id, sql.placeholder('id')),
        inArray(notifications.status, statusesBefore('claimed')),
        youngEnough,
      ),
    )
    .returning()
    .prepare('sokoni_claim_notification'),
);

const preparedBatchClaim = perHandle((db) =>
  db
    .update(notifications)
    .set(claimed)
    .where(
      and(
        sql`${notifications.id} = any(${sql.placeholder('ids')}::uuid[])`,
        inArray(notifications.status, statusesBefore('claimed')),
        youngEnough,
      ),
    )
    .returning()
    .prepare('sokoni_claim_notifications'),
);

export interface ClaimWindows {
  /** A row `sending` for longer than this was left by a worker that died mid-send. */
  staleSendingMs: number;
  /** A row still owed this long after it was written is expired, not sent. */
  maxAgeMs: number;
}

/**
 * Takes a row for one send: `pending|queued → sending`, attempts + 1. A row older than
 * `maxAgeMs` is expired instead (`pending|queued → expired`) and returned unclaimed. A row left in
 * `sending` by a worker that died mid-send is taken again once it has been `sending` for longer
 * than `staleSendingMs` (longer than any live send can last): the SMS may then go out twice,
 * which is the at-least-once promise, and `reclaimed` says so. Anything else (sent, delivered,
 * failed…) is never claimed.
 */
export async function claimNotificationForSend(
  db: Executor,
  id: string,
  { staleSendingMs, maxAgeMs }: ClaimWindows,
): Promise<ClaimResult> {
  // The common case in one prepared statement; the others only for rows that are not claimable.
  const [fresh] = await preparedClaim(db).execute({ id, maxAgeS: maxAgeMs / 1000 });
  if (fresh) {
    return { claimed: true, row: fresh, reclaimed: false };
  }
  const expired = await expireNotificationIfOverdue(db, id, maxAgeMs);
  if (expired) {
    return { claimed: false, row: expired };
  }
  const [stale] = await db
    .update(notifications)
    .set({ ...claimed, status: statusAfter('retaken') })
    .where(
      and(
        eq(notifications.id, id),
        inArray(notifications.status, statusesBefore('retaken')),
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
 * were not claimable (or need the stale or age check of claimNotificationForSend).
 */
export async function claimNotificationsForSend(
  db: Executor,
  ids: string[],
  maxAgeMs: number,
): Promise<NotificationRow[]> {
  return preparedBatchClaim(db).execute({ ids, maxAgeS: maxAgeMs / 1000 });
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
 * applies the delivery reports that arrived before the message ids were stored. Call it outside
 * a transaction: the reports are applied only once the message ids are committed.
 */
export async function markNotificationsSent(
  db: Executor,
  sends: AcceptedSend[],
): Promise<ReportedNotification[]> {
  if (sends.length === 0) {
    return [];
  }
  const column = <T>(pick: (send: AcceptedSend) => T) => sql.param(sends.map(pick));
  await db.execute(sql`
    with v as (
      select * from unnest(
        ${column((x) => x.notificationId)}::uuid[], ${column((x) => x.providerMessageId)}::text[],
        ${column((x) => x.providerStatusCode)}::int[], ${column((x) => x.cost)}::text[],
        ${column((x) => x.attempt)}::int[], ${column((x) => x.httpStatus)}::int[],
        ${column((x) => x.startedAt.toISOString())}::timestamptz[]
      ) as v(id, message_id, status_code, cost, attempt, http_status, started_at)
    ), sent as (
      update ${notifications} n
      set status = ${statusAfter('accepted')}, provider_message_id = v.message_id,
        provider_status_code = v.status_code, cost = v.cost, last_error = null, sent_at = now(),
        updated_at = now()
      from v where n.id = v.id and n.status in ${statusesBefore('accepted')}
      returning n.id
    ), attempt as (
      insert into ${notificationAttempts} (notification_id, attempt, outcome, http_status, provider_status_code,
        provider_message_id, cost, started_at)
      select id, attempt, 'accepted', http_status, status_code, message_id, cost, started_at from v
    )
    select id from sent`);
  // A second statement, after the message ids are committed: see applyDeliveryReports. For every
  // send, not only the rows this call moved: when a caller retries after applying failed, the
  // first statement finds its rows already `sent`, and their early reports still need applying.
  // Returns what it applied, for the delivery latency of reports that came before the record.
  return applyDeliveryReports(db, { notificationIds: sends.map((send) => send.notificationId) });
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

/** A send that cannot succeed: the row fails for good unless it already left the send behind. */
export async function markNotificationFailed(
  db: Executor,
  id: string,
  failure: { error: string; providerStatusCode: number | null },
): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({
      status: statusAfter('failed'),
      lastError: failure.error,
      providerStatusCode: failure.providerStatusCode,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notifications.id, id), inArray(notifications.status, statusesBefore('failed'))))
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
      status: statusAfter('released'),
      lastError: failure.error,
      providerStatusCode: failure.providerStatusCode,
      updatedAt: sql`now()`,
    })
    .where(and(eq(notifications.id, id), inArray(notifications.status, statusesBefore('released'))));
}
