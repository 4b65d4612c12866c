import type { EventFact, NotificationFact } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/** The trigger of the SMS an order event owes (apps/api/src/features/notifications/sms-templates.ts). */
function triggerOf(event: EventFact): string {
  return event.fromStatus === null ? 'order.created' : `order.status.${event.toStatus}`;
}

/**
 * Every order event owes exactly one SMS row, and no SMS row (other than an operator's resend) is
 * owed by nothing. `resends` are the ids of resends answered 202: each one is stored.
 */
export function checkNotificationsOwed(
  events: EventFact[],
  notifications: NotificationFact[],
  resends: string[],
): InvariantResult {
  const sms = notifications.filter((n) => n.channel === 'sms');
  const rowsOf = new Map<string, NotificationFact[]>();
  for (const row of sms) {
    const key = `${row.orderId}/${row.trigger}`;
    rowsOf.set(key, [...(rowsOf.get(key) ?? []), row]);
  }
  const violations: string[] = [];
  const owed = new Set<string>();
  for (const event of events) {
    const key = `${event.orderId}/${triggerOf(event)}`;
    owed.add(key);
    const rows = rowsOf.get(key)?.length ?? 0;
    if (rows !== 1) {
      violations.push(`order ${event.orderId} owes one ${triggerOf(event)} SMS and has ${rows}`);
    }
  }
  for (const row of sms) {
    if (row.trigger !== 'resend' && !owed.has(`${row.orderId}/${row.trigger}`)) {
      violations.push(`notification ${row.id} (${row.trigger}) is owed by no event of order ${row.orderId}`);
    }
  }
  const ids = new Set(sms.map((row) => row.id));
  for (const id of resends) {
    if (!ids.has(id)) {
      violations.push(`resend ${id} was answered 202 but is not stored`);
    }
  }
  return {
    name: 'every owed SMS exists once',
    checked: `${events.length} events, ${sms.length} SMS rows`,
    violations,
    notes: [`${resends.length} resends answered 202`],
  };
}
