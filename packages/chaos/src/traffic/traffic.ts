import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LedgerOrder } from '../verify/facts.ts';
import type { ApiAnswer, ApiCall } from './api-client.ts';

interface TrackedOrder extends LedgerOrder {
  /** What the client believes; `unknown` once a change got no answer. */
  status: string;
  /** One client at a time works on an order, so the ledger's order of moves is the true one. */
  busy: boolean;
}

const nextStatus: Record<string, string> = {
  pending: 'confirmed',
  confirmed: 'shipped',
  shipped: 'delivered',
};

/** How long to wait before retrying: Retry-After when given (at most 2 s), else half a second. */
function retryPause(answer: ApiAnswer<unknown>): number {
  const seconds = Number(answer.retryAfter);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, 2000) : 500;
}

/** Worth retrying with the same Idempotency-Key: no answer, a 5xx, in flight (409) or limited (429). */
function retryable(answer: ApiAnswer<unknown>): boolean {
  return answer.status === null || answer.status >= 500 || answer.status === 409 || answer.status === 429;
}

/**
 * Steady traffic from `clients` concurrent clients, each pausing `pauseMs` between requests:
 * orders placed (half of the requests), moved along their statuses, cancelled, and their SMS
 * resent. Creates and resends carry an Idempotency-Key and are retried with it until answered,
 * as a careful client does; what each client was told is kept in a ledger.
 */
export function startTraffic(options: {
  call: ApiCall;
  customerIds: string[];
  clients: number;
  pauseMs: number;
  runId: string;
}) {
  const { call } = options;
  const orders: TrackedOrder[] = [];
  const resends: string[] = [];
  let created = 0;
  let stopping = false;

  const pick = <T>(items: T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
  const pickOrder = (statuses: string[]) => {
    // A recent order is the likeliest to be moved on; look at the last few hundred.
    const recent = orders.slice(-300).filter((o) => !o.busy && statuses.includes(o.status));
    return pick(recent);
  };

  /** Sends until answered or `tries` is spent; the last answer. */
  async function withRetries<T>(send: () => Promise<ApiAnswer<T>>, tries = 20): Promise<ApiAnswer<T>> {
    let answer = await send();
    for (let attempt = 1; attempt < tries && retryable(answer); attempt += 1) {
      await sleep(retryPause(answer));
      answer = await send();
    }
    return answer;
  }

  async function createOrder(): Promise<void> {
    created += 1;
    const item = `chaos-${options.runId}-${created}`;
    const key = randomUUID();
    const body = { customerId: pick(options.customerIds), item, amount: '150.00' };
    const answer = await withRetries(() =>
      call<{ id: string }>('create', 'POST', '/v1/orders', body, { 'idempotency-key': key }),
    );
    if (answer.status === 201 && answer.body) {
      orders.push({ id: answer.body.id, item, moves: [], uncertain: 0, status: 'pending', busy: false });
    }
  }

  async function move(order: TrackedOrder, to: string, send: () => Promise<ApiAnswer<unknown>>) {
    order.busy = true;
    try {
      const answer = await send();
      if (answer.status === 200) {
        order.moves.push(to);
        order.status = to;
      } else if (answer.status === null || answer.status >= 500) {
        order.uncertain += 1;
        order.status = 'unknown';
      } else if (answer.status === 409) {
        order.status = 'unknown';
      }
    } finally {
      order.busy = false;
    }
  }

  async function changeStatus(): Promise<void> {
    const order = pickOrder(Object.keys(nextStatus));
    const to = order && nextStatus[order.status];
    if (order && to) {
      await move(order, to, () => call('status', 'POST', `/v1/orders/${order.id}/status`, { status: to }));
    }
  }

  async function cancel(): Promise<void> {
    const order = pickOrder(['pending', 'confirmed']);
    if (order) {
      await move(order, 'cancelled', () => call('cancel', 'POST', `/v1/orders/${order.id}/cancel`, {}));
    }
  }

  async function resend(): Promise<void> {
    const order = pick(orders.slice(-300));
    if (!order) {
      return;
    }
    const list = await call<{ items: { id: string; status: string }[] }>(
      'read',
      'GET',
      `/v1/orders/${order.id}/notifications`,
    );
    const ended = (list.body?.items ?? []).filter((n) => ['failed', 'delivered', 'sent'].includes(n.status));
    const original = ended.find((n) => n.status === 'failed') ?? pick(ended);
    if (!original) {
      return;
    }
    const key = randomUUID();
    const answer = await withRetries(() =>
      call<{ id: string }>('resend', 'POST', `/v1/notifications/${original.id}/resend`, undefined, {
        'idempotency-key': key,
      }),
    );
    if (answer.status === 202 && answer.body) {
      resends.push(answer.body.id);
    }
  }

  async function client(): Promise<void> {
    while (!stopping) {
      const roll = Math.random();
      if (roll < 0.5) {
        await createOrder();
      } else if (roll < 0.8) {
        await changeStatus();
      } else if (roll < 0.9) {
        await cancel();
      } else {
        await resend();
      }
      await sleep(options.pauseMs);
    }
  }

  const running = Array.from({ length: options.clients }, () => client());
  return {
    /** Stops starting requests and waits for those under way (and their retries) to end. */
    async stop(): Promise<void> {
      stopping = true;
      await Promise.all(running);
    },
    ledger: (): LedgerOrder[] =>
      orders.map(({ id, item, moves, uncertain }) => ({ id, item, moves, uncertain })),
    resends: () => [...resends],
  };
}
