import type { Disruption, NotificationFact, SimMessageFact } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/** A second SMS the honest promise allows: the send was cut after Africa's Talking took it. */
export interface CutSend {
  to: string;
  message: string;
  receivedAt: string;
  why: string;
}

export interface SmsOnceResult extends InvariantResult {
  cut: CutSend[];
}

/** Statuses in which a row says its SMS went out (it holds the message id). */
const sentStatuses = new Set(['sent', 'delivered', 'rejected']);

/**
 * Why an SMS the simulator took but no row recorded may exist, or undefined if nothing explains
 * it. The honest promise (DESIGN.md): a duplicate only when the exchange was cut after Africa's
 * Talking accepted the message and before the worker recorded it — the answer never came (a
 * timeout), or the worker sending it was stopped.
 */
function cutReason(message: SimMessageFact, workerStops: Disruption[], windowMs: number): string | undefined {
  if (message.httpStatus === null) {
    return 'taken, but the answer never came (timeout)';
  }
  const at = Date.parse(message.receivedAt);
  const stop = workerStops.find((d) => at >= d.start - windowMs && at <= (d.end ?? d.start) + 1000);
  return stop === undefined ? undefined : `taken, then its worker was stopped (${stop.detail})`;
}

/**
 * SMS received by the simulator per notification: exactly one for a row that says it was sent
 * (its message id), none for one that never was; every other SMS the simulator took must be a
 * send cut mid-flight, which is counted and listed. `windowMs`: how long before a worker's stop
 * a send it made can have been cut by it (its longest send plus the record).
 */
export function checkSmsOnce(
  notifications: NotificationFact[],
  messages: SimMessageFact[],
  disruptions: Disruption[],
  windowMs: number,
): SmsOnceResult {
  const taken = messages.filter((m) => m.id !== null);
  const takenIds = new Set(taken.map((m) => m.id));
  const recorded = new Set<string>();
  const owedTo = new Set<string>();
  const violations: string[] = [];
  for (const row of notifications) {
    owedTo.add(`${row.recipient}\n${row.body}`);
    if (row.providerMessageId !== null) {
      recorded.add(row.providerMessageId);
      if (!takenIds.has(row.providerMessageId)) {
        violations.push(
          `notification ${row.id} records ${row.providerMessageId}, which the simulator never took`,
        );
      }
    } else if (sentStatuses.has(row.status)) {
      violations.push(`notification ${row.id} is ${row.status} without a message id`);
    }
  }
  const workerStops = disruptions.filter((d) => d.kind === 'worker-stopped');
  const cut: CutSend[] = [];
  for (const message of taken) {
    if (message.id !== null && recorded.has(message.id)) {
      continue;
    }
    const described = `SMS to ${message.to} at ${message.receivedAt} ("${message.message.slice(0, 40)}…")`;
    if (!owedTo.has(`${message.to}\n${message.message}`)) {
      violations.push(`${described} is owed by no notification`);
      continue;
    }
    const why = cutReason(message, workerStops, windowMs);
    if (why === undefined) {
      violations.push(`${described} was sent again with no cut to explain it`);
    } else {
      cut.push({ to: message.to, message: message.message, receivedAt: message.receivedAt, why });
    }
  }
  return {
    name: 'one SMS per notification',
    checked: `${notifications.length} notifications, ${taken.length} SMS taken by the simulator`,
    violations,
    notes: [`${recorded.size} recorded, ${cut.length} more cut mid-flight (listed below)`],
    cut,
  };
}
