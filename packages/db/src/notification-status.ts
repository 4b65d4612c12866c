import type { NotificationStatus } from './schema/notifications.ts';

/**
 * The notification state machine, as features/orders/order-status.ts is for orders: every move a
 * row can make, named by what causes it. Every UPDATE of notifications.status takes its target
 * and its "from" list from here (notificationMoves.<move>), so a row can only make these moves,
 * and two actors racing on a row (two workers, a late report) can never move it backwards.
 *
 * The main line is pending → queued → sending → sent → delivered | failed | rejected; a try that
 * failed goes back from sending to queued, a dead worker's stale `sending` row is taken over, and
 * a row still owed can fail for good, or expire unsent once it is too old to be worth sending.
 *
 * Moves are named rather than listed as from → to pairs because two moves can share a target
 * with different sources: a worker fails a row that is still owed (pending, queued, sending), a
 * delivery report fails a row that was sent; a worker must never turn `sent` into `failed`.
 */
export const notificationMoves = {
  /**
   * The relay handed the row's job to the queue. The API's add after commit moves nothing (a
   * second commit per order); a row a worker has not claimed within the grace period is then
   * handed over by the relay, a no-op add while its job exists.
   */
  enqueued: { from: ['pending'], to: ['queued'] },
  /** A worker takes the row for one send (attempts + 1). */
  claimed: { from: ['pending', 'queued'], to: ['sending'] },
  /**
   * A worker takes over a row a dead worker left `sending`, once it has been `sending` for longer
   * than any live send may last (the caller checks the age): the SMS may go out twice.
   */
  retaken: { from: ['sending'], to: ['sending'] },
  /** Africa's Talking took the message: the row gets its message id. */
  accepted: { from: ['sending'], to: ['sent'] },
  /** This try failed but the message may be sent later (transient, throttled, account-wide). */
  released: { from: ['sending'], to: ['queued'] },
  /** The message can never be sent (a permanent refusal, or its last attempt failed). */
  failed: { from: ['pending', 'queued', 'sending'], to: ['failed'] },
  /**
   * A final delivery report. Only from `sent`: a report is matched through the message id, which
   * only the `accepted` move stores, so no report can find a row before it is `sent`. A report
   * that arrives while the worker is still writing `sent` is stored and applied right after that
   * write commits (applyDeliveryReports), so `sending → delivered` is not needed; allowing it
   * would let a report overtake the write that records the accepted send and its attempt.
   */
  reported: { from: ['sent'], to: ['delivered', 'failed', 'rejected'] },
  /**
   * Still owed when it was too old to help (an "order received" a day late): never sent, with
   * the reason in last_error. Only before a try starts: a `sending` row may already be out.
   */
  expired: { from: ['pending', 'queued'], to: ['expired'] },
  /**
   * Over the customer's daily SMS cap (SMS_DAILY_CAP_PER_CUSTOMER): never sent, with the reason
   * in last_error. Only before a try starts, as for `expired`.
   */
  suppressed: { from: ['pending', 'queued'], to: ['suppressed'] },
} as const satisfies Record<
  string,
  { from: readonly NotificationStatus[]; to: readonly NotificationStatus[] }
>;

export type NotificationMove = keyof typeof notificationMoves;

/** The statuses a row may be in for `move` to apply to it: the "from" list of its UPDATE. */
export function statusesBefore(move: NotificationMove): NotificationStatus[] {
  return [...notificationMoves[move].from];
}

type SingleTargetMove = {
  [M in NotificationMove]: (typeof notificationMoves)[M]['to'] extends readonly [unknown] ? M : never;
}[NotificationMove];

/** The status a move with one target sets: the "to" of its UPDATE. */
export function statusAfter<M extends SingleTargetMove>(move: M): (typeof notificationMoves)[M]['to'][0] {
  return notificationMoves[move].to[0];
}

/** Every row starts here, written with the order change that owes it. */
export const initialNotificationStatus = 'pending' satisfies NotificationStatus;

/** Whether some move takes a row from `from` to `to`. */
export function canMoveNotification(from: NotificationStatus, to: NotificationStatus): boolean {
  return Object.values(notificationMoves).some(
    (move) =>
      (move.from as readonly NotificationStatus[]).includes(from) &&
      (move.to as readonly NotificationStatus[]).includes(to),
  );
}

/** A row in one of these still owes a send, or is being sent: the ones a send can still start from. */
export const inFlightNotificationStatuses: readonly NotificationStatus[] = [
  ...new Set([...notificationMoves.claimed.from, ...notificationMoves.retaken.from]),
];
