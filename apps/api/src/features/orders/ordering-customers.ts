import { type Executor, findOrderingCustomer, type OrderingCustomer } from '@sokoni/db';
import { LRUCache } from 'lru-cache';

/** Customers kept: enough for every customer ordering in a busy hour, a few MB at most. */
const MAX_CUSTOMERS = 10_000;

/**
 * The customers orders are placed for, kept in memory so that placing an order needs no read
 * first. Never trusted blindly: placeOrder writes only if the row is still at the version read,
 * so a customer changed by another request or another replica is read again (`refresh`) and an
 * SMS is never written from stale data. Missing customers are not kept.
 */
export function createOrderingCustomers() {
  const cache = new LRUCache<string, OrderingCustomer>({ max: MAX_CUSTOMERS });
  async function refresh(db: Executor, id: string): Promise<OrderingCustomer | undefined> {
    const customer = await findOrderingCustomer(db, id);
    if (customer) {
      cache.set(id, customer);
    } else {
      cache.delete(id);
    }
    return customer;
  }
  return {
    /** The customer as last read, or as read now when not known yet. */
    get: async (db: Executor, id: string) => cache.get(id) ?? refresh(db, id),
    /** Reads the customer again (placeOrder found the row changed or gone). */
    refresh,
  };
}

export type OrderingCustomers = ReturnType<typeof createOrderingCustomers>;
