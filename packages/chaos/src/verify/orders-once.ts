import type { LedgerOrder, OrderFact } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/**
 * Every order a client was told exists (2xx) is in PostgreSQL exactly once: no retry of a create
 * (same Idempotency-Key, after a 5xx, a cut connection or a restarted API) made a second one.
 */
export function checkOrdersExistOnce(ledger: LedgerOrder[], orders: OrderFact[]): InvariantResult {
  const byItem = new Map<string, OrderFact[]>();
  for (const order of orders) {
    byItem.set(order.item, [...(byItem.get(order.item) ?? []), order]);
  }
  const violations: string[] = [];
  for (const told of ledger) {
    const stored = byItem.get(told.item) ?? [];
    if (stored.length === 0) {
      violations.push(`order ${told.id} (${told.item}) was answered 2xx but is not stored`);
    } else if (stored.length > 1) {
      violations.push(
        `order ${told.item} is stored ${stored.length} times: ${stored.map((o) => o.id).join(', ')}`,
      );
    } else if (stored[0]?.id !== told.id) {
      violations.push(`order ${told.item} was answered as ${told.id} but is stored as ${stored[0]?.id}`);
    }
  }
  const unanswered = orders.length - ledger.length;
  return {
    name: 'every 2xx order exists once',
    checked: `${ledger.length} orders`,
    violations,
    notes:
      unanswered > 0
        ? [
            `${unanswered} more stored whose creating request got no 2xx (cut mid-request); checked below like the rest`,
          ]
        : [],
  };
}
