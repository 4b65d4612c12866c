import { type Database, type OrderStatus, orderItems, orderStatuses, orders, products } from '@sokoni/db';

// Orders written straight into the database with the times, statuses and currencies a test
// chooses (the API stamps `now()` and starts every order pending), and the arithmetic the
// statistics are checked against: money in integer cents as BigInt, never a float.

/** A seeded generator (mulberry32): the same seed writes the same orders, so a failure replays. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T,
  };
}

export type Random = ReturnType<typeof seededRandom>;

/** "1234.50" from 123450n. */
export function centsToMoney(cents: bigint): string {
  const whole = cents / 100n;
  const fraction = (cents % 100n).toString().padStart(2, '0');
  return `${whole}.${fraction}`;
}

/** sum / count to the cent, halves rounded up (amounts are positive, so half-up is half away from zero). */
export function averageCents(sum: bigint, count: bigint): bigint {
  return (2n * sum + count) / (2n * count);
}

export interface GeneratedLine {
  name: string;
  quantity: number;
}

export interface GeneratedOrder {
  id: string;
  number: string;
  customerId: string;
  item: string;
  quantity: number;
  cents: bigint;
  currency: string;
  status: OrderStatus;
  createdAt: Date;
  /** Catalogue lines; empty for a free-text order. */
  lines: GeneratedLine[];
}

export interface OrderSpec {
  customerId: string;
  createdAt: Date;
  currency: string;
  status: OrderStatus;
  cents: bigint;
  item?: string;
  quantity?: number;
  lines?: GeneratedLine[];
  number?: string;
}

let written = 0;

/** Writes the orders, and a product and a line row for each catalogue line, as placing them would. */
export async function insertOrders(db: Database, specs: OrderSpec[]): Promise<GeneratedOrder[]> {
  const result: GeneratedOrder[] = [];
  for (const spec of specs) {
    written += 1;
    const lines = spec.lines ?? [];
    const [row] = await db
      .insert(orders)
      .values({
        ...(spec.number ? { number: spec.number } : {}),
        customerId: spec.customerId,
        item: spec.item ?? (lines.length > 0 ? `${lines[0]?.name} and more` : `Item ${written}`),
        quantity: spec.quantity ?? 1,
        amount: centsToMoney(spec.cents),
        currency: spec.currency,
        status: spec.status,
        createdAt: spec.createdAt,
        updatedAt: spec.createdAt,
      })
      .returning();
    if (!row) {
      throw new Error('insert returned no row');
    }
    for (const [position, line] of lines.entries()) {
      const [product] = await db
        .insert(products)
        .values({
          sku: `GENERATED-${process.pid}-${written}-${position}`,
          name: line.name,
          price: '1.00',
          currency: spec.currency,
          stock: 0,
        })
        .returning({ id: products.id });
      if (!product) {
        throw new Error('insert returned no row');
      }
      await db.insert(orderItems).values({
        orderId: row.id,
        productId: product.id,
        position,
        name: line.name,
        unitPrice: '1.00',
        quantity: line.quantity,
        lineTotal: centsToMoney(BigInt(line.quantity) * 100n),
      });
    }
    result.push({
      id: row.id,
      number: row.number,
      customerId: row.customerId,
      item: row.item,
      quantity: row.quantity,
      cents: spec.cents,
      currency: row.currency,
      status: row.status,
      createdAt: row.createdAt,
      lines,
    });
  }
  return result;
}

export const CURRENCIES = ['KES', 'TZS', 'USD'] as const;
export const STATUSES = orderStatuses;
