import type { EventFact, LedgerOrder, OrderFact } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/** The order state machine of DESIGN.md: the moves an event may record. */
const legalMoves: Record<string, readonly string[]> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
};

/** Why one order's history is wrong, or undefined when it is right. */
function historyProblem(
  order: OrderFact,
  events: EventFact[],
  told: LedgerOrder | undefined,
): string | undefined {
  const [first, ...moves] = events;
  if (first === undefined || first.fromStatus !== null || first.toStatus !== 'pending') {
    return 'has no first event (none → pending)';
  }
  let previous = first.toStatus;
  for (const event of moves) {
    if (event.fromStatus !== previous || !legalMoves[previous]?.includes(event.toStatus)) {
      return `records ${event.fromStatus} → ${event.toStatus} after ${previous}`;
    }
    previous = event.toStatus;
  }
  if (order.status !== previous) {
    return `is ${order.status} but its last event says ${previous}`;
  }
  if (told === undefined) {
    return undefined;
  }
  // Every move a client was answered 2xx for is recorded, in order; any other event must come
  // from a request whose answer was lost.
  const recorded = moves.map((event) => event.toStatus);
  let at = 0;
  for (const move of told.moves) {
    at = recorded.indexOf(move, at);
    if (at === -1) {
      return `misses the event of its 2xx move to ${move} (events: ${recorded.join(', ') || 'none'})`;
    }
    at += 1;
  }
  const unexplained = recorded.length - told.moves.length;
  if (unexplained > told.uncertain) {
    return `has ${unexplained} events no client was told of, and only ${told.uncertain} requests without an answer`;
  }
  return undefined;
}

/**
 * Every stored order has its history (order_events): a first event, then one per status move,
 * each legal and following the one before, ending at the order's status; and for each order a
 * client created, every move it was answered 2xx for is there.
 */
export function checkOrderHistory(
  ledger: LedgerOrder[],
  orders: OrderFact[],
  events: EventFact[],
): InvariantResult {
  const eventsOf = new Map<string, EventFact[]>();
  for (const event of events) {
    eventsOf.set(event.orderId, [...(eventsOf.get(event.orderId) ?? []), event]);
  }
  const told = new Map(ledger.map((order) => [order.id, order]));
  const violations: string[] = [];
  for (const order of orders) {
    const problem = historyProblem(order, eventsOf.get(order.id) ?? [], told.get(order.id));
    if (problem !== undefined) {
      violations.push(`order ${order.id} (${order.item}) ${problem}`);
    }
  }
  const moves = ledger.reduce((sum, order) => sum + order.moves.length, 0);
  return {
    name: 'every order has its history',
    checked: `${orders.length} orders, ${events.length} events`,
    violations,
    notes: [`${moves} status changes and cancels answered 2xx`],
  };
}
