// What the invariants are checked against: what the clients were told, what PostgreSQL holds at
// the end, what the simulator received, and when each fault happened. Plain data, so every
// invariant is a pure function of it.

/** One HTTP request of the traffic, as its client saw it. */
export interface RequestRecord {
  op: 'create' | 'status' | 'cancel' | 'resend' | 'read';
  startedAt: number;
  endedAt: number;
  /** Null: no answer (connection refused or cut, or the client's timeout). */
  status: number | null;
  retryAfter: string | null;
  error?: string;
}

/** An order some client was told exists (2xx), and what it was told about it since. */
export interface LedgerOrder {
  id: string;
  /** Unique per order of a run: finds duplicates created by retries. */
  item: string;
  /** Status moves answered 2xx, in order (`confirmed`, `cancelled`…). */
  moves: string[];
  /** Status changes and cancels that got no answer or a 5xx: they may or may not have happened. */
  uncertain: number;
}

export interface OrderFact {
  id: string;
  item: string;
  status: string;
}

export interface EventFact {
  orderId: string;
  fromStatus: string | null;
  toStatus: string;
}

export interface NotificationFact {
  id: string;
  orderId: string | null;
  channel: string;
  trigger: string;
  recipient: string;
  body: string;
  status: string;
  lastError: string | null;
  providerMessageId: string | null;
}

/** One recipient of one request the simulator received. */
export interface SimMessageFact {
  /** Set when the simulator took the message (an SMS went out); null when it refused it. */
  id: string | null;
  to: string;
  message: string;
  /** Null: the simulator never answered (a timeout fault). */
  httpStatus: number | null;
  faults: string[];
  receivedAt: string;
}

export type { Disruption } from '../faults/timeline.ts';
