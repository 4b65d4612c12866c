import { type Executor, findOrderableProducts, type OrderableProduct } from '@sokoni/db';
import { LRUCache } from 'lru-cache';

/** Products kept: a shop's whole catalogue for most shops, a few MB at most. */
const MAX_PRODUCTS = 10_000;

/**
 * The name, price and currency of the products orders list, kept in memory so that an order
 * from the catalogue needs no read before its one statement. Never trusted blindly:
 * placeCatalogueOrder writes only if every product is still as read here, so a product changed
 * by another request or replica is read again (`refresh`) before its order's SMS is written.
 * Only active products are kept: an unknown or inactive one is read again before it is refused.
 */
export function createOrderingProducts() {
  const cache = new LRUCache<string, OrderableProduct>({ max: MAX_PRODUCTS });

  /** Reads the products again; the map holds those that exist, active or not. */
  async function refresh(db: Executor, ids: readonly string[]): Promise<Map<string, OrderableProduct>> {
    const found = new Map((await findOrderableProducts(db, ids)).map((product) => [product.id, product]));
    for (const id of ids) {
      const product = found.get(id);
      if (product?.active) {
        cache.set(id, product);
      } else {
        cache.delete(id);
      }
    }
    return found;
  }

  return {
    /** The products as last read, reading (in one query) those not known yet. */
    async get(db: Executor, ids: readonly string[]): Promise<Map<string, OrderableProduct>> {
      const known = new Map<string, OrderableProduct>();
      const missing: string[] = [];
      for (const id of ids) {
        const product = cache.get(id);
        if (product) {
          known.set(id, product);
        } else {
          missing.push(id);
        }
      }
      if (missing.length > 0) {
        for (const [id, product] of await refresh(db, missing)) {
          known.set(id, product);
        }
      }
      return known;
    },
    refresh,
  };
}

export type OrderingProducts = ReturnType<typeof createOrderingProducts>;
