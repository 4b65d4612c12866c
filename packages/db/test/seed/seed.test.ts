import { useTestEnvironment } from '@sokoni/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/client.ts';
import { categories } from '../../src/schema/categories.ts';
import { orderEvents } from '../../src/schema/order-events.ts';
import { orderItems } from '../../src/schema/order-items.ts';
import { orders } from '../../src/schema/orders.ts';
import { products } from '../../src/schema/products.ts';
import { seedDemoData } from '../../src/seed.ts';
import { DEMO_PRODUCTS, demoProductIds } from '../../src/seed-catalogue.ts';

const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 2 });
afterAll(() => handle.close());

describe('the demo data', () => {
  it('adds a catalogue four levels deep with a few dozen KES products, once', async () => {
    const first = await seedDemoData(handle.db);
    expect(first.categories).toBeGreaterThanOrEqual(20);
    expect(first.products).toBe(DEMO_PRODUCTS.length);
    expect(first.products).toBeGreaterThanOrEqual(30);

    const rows = await handle.db.select().from(categories);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) {
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      expect(row.path).toBe(`${parent?.path ?? ''}${row.id}/`);
      expect(row.depth).toBe(parent ? parent.depth + 1 : 0);
    }
    const android = rows.find((row) => row.slug === 'android');
    const names = android?.path
      .split('/')
      .filter(Boolean)
      .map((id) => byId.get(id)?.name);
    expect(names).toEqual(['All Products', 'Electronics', 'Phones', 'Android']);

    const stored = await handle.db.select().from(products);
    expect(stored.every((product) => product.currency === 'KES' && product.categoryId !== null)).toBe(true);
    expect((await demoProductIds(handle.db)).size).toBe(DEMO_PRODUCTS.length);

    expect(await seedDemoData(handle.db)).toEqual({ customers: 0, orders: 0, categories: 0, products: 0 });
    expect(await handle.db.$count(categories)).toBe(rows.length);
  });

  it('adds orders from the catalogue whose lines add up to their amount, each with its history', async () => {
    await seedDemoData(handle.db);
    const lines = await handle.db.select().from(orderItems);
    expect(new Set(lines.map((line) => line.orderId)).size).toBeGreaterThanOrEqual(3);
    const stored = await handle.db.select().from(orders);
    const prices = new Map(DEMO_PRODUCTS.map((product) => [product.name, product.price]));
    const cents = (value: string) => Math.round(Number(value) * 100);
    for (const order of stored) {
      const own = lines.filter((line) => line.orderId === order.id);
      if (own.length > 0) {
        for (const line of own) {
          expect(line.unitPrice).toBe(prices.get(line.name));
          expect(cents(line.lineTotal)).toBe(cents(line.unitPrice) * line.quantity);
        }
        expect(own.reduce((sum, line) => sum + cents(line.lineTotal), 0)).toBe(cents(order.amount));
        expect(own.reduce((sum, line) => sum + line.quantity, 0)).toBe(order.quantity);
      }
      const history = (await handle.db.select().from(orderEvents).orderBy(orderEvents.createdAt)).filter(
        (event) => event.orderId === order.id,
      );
      expect(history[0]).toMatchObject({ fromStatus: null, toStatus: 'pending' });
      expect(history.at(-1)?.toStatus).toBe(order.status);
    }
  });
});
