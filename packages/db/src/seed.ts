import { sql } from 'drizzle-orm';
import { createDb, type Database } from './client.ts';
import { customers } from './schema/customers.ts';
import { orderEvents } from './schema/order-events.ts';
import { orderItems } from './schema/order-items.ts';
import { type OrderStatus, orders } from './schema/orders.ts';
import { DEMO_PRODUCTS, demoProductIds, seedCatalogue } from './seed-catalogue.ts';

// Demo data for bin/dev. Amina and Baraka are linked to the development identity provider's
// demo logins (apps/idp) through `subject`, so they can sign in and see their own orders.
const demoCustomers = [
  {
    code: 'DEMO-AMINA',
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    email: 'amina@example.com',
    locale: 'sw' as const,
    subject: 'customer-amina',
  },
  {
    code: 'DEMO-BARAKA',
    name: 'Baraka Otieno',
    phone: '+254723456789',
    email: null,
    locale: 'en' as const,
    subject: 'customer-baraka',
  },
  {
    code: 'DEMO-CHEBET',
    name: 'Chebet Kiprono',
    phone: '+254734567890',
    email: 'chebet@example.com',
    locale: 'en' as const,
    subject: null,
  },
];

/** Free-text orders, as staff and machine clients place them. */
const demoOrders = [
  {
    code: 'DEMO-AMINA',
    item: 'Unga wa ngano 2kg',
    quantity: 3,
    amount: '570.00',
    status: 'delivered' as const,
  },
  { code: 'DEMO-AMINA', item: 'Sukari 1kg', quantity: 1, amount: '180.00', status: 'confirmed' as const },
  { code: 'DEMO-BARAKA', item: 'Solar lamp', quantity: 1, amount: '2450.50', status: 'pending' as const },
];

/** Orders from the catalogue: lines priced as the catalogue prices them. */
const demoCatalogueOrders: {
  code: string;
  status: OrderStatus;
  daysAgo: number;
  notes: string | null;
  lines: { sku: string; quantity: number }[];
}[] = [
  {
    code: 'DEMO-AMINA',
    status: 'shipped',
    daysAgo: 3,
    notes: 'Deliver after 5 pm',
    lines: [
      { sku: 'DEMO-PHN-SPARK20', quantity: 1 },
      { sku: 'DEMO-PWR-10K', quantity: 1 },
    ],
  },
  {
    code: 'DEMO-AMINA',
    status: 'pending',
    daysAgo: 0,
    notes: null,
    lines: [
      { sku: 'DEMO-GRO-NGANO2', quantity: 2 },
      { sku: 'DEMO-BEV-CHAI500', quantity: 1 },
    ],
  },
  {
    code: 'DEMO-BARAKA',
    status: 'cancelled',
    daysAgo: 2,
    notes: null,
    lines: [{ sku: 'DEMO-FSH-KITENGE6', quantity: 2 }],
  },
];

/** The statuses an order passed through to reach `status`, in order (features/orders/order-status.ts). */
function statusPath(status: OrderStatus): OrderStatus[] {
  const main: OrderStatus[] = ['pending', 'confirmed', 'shipped', 'delivered'];
  return status === 'cancelled' ? ['pending', 'cancelled'] : main.slice(0, main.indexOf(status) + 1);
}

/** Exact money arithmetic in cents: "850.00" × 2 → "1700.00". */
function cents(price: string): bigint {
  const [whole = '0', fraction = ''] = price.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}
function money(value: bigint): string {
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** Inserts the demo rows that are missing; running it twice changes nothing. */
export async function seedDemoData(
  db: Database,
): Promise<{ customers: number; orders: number; categories: number; products: number }> {
  return db.transaction(async (tx) => {
    const catalogue = await seedCatalogue(tx);
    const inserted = await tx.insert(customers).values(demoCustomers).onConflictDoNothing().returning();
    if (inserted.length === 0) {
      return { customers: 0, orders: 0, ...catalogue };
    }
    const idByCode = new Map(inserted.map((c) => [c.code, c.id]));
    const rows = demoOrders.flatMap(({ code, ...order }) => {
      const customerId = idByCode.get(code);
      return customerId
        ? [{ ...order, customerId, currency: 'KES', createdAt: sql`now() - interval '1 day'` }]
        : [];
    });
    const placed = rows.length > 0 ? await tx.insert(orders).values(rows).returning() : [];

    const productIds = await demoProductIds(tx);
    const productBySku = new Map(DEMO_PRODUCTS.map((product) => [product.sku, product]));
    for (const { code, status, daysAgo, notes, lines } of demoCatalogueOrders) {
      const customerId = idByCode.get(code);
      if (!customerId) {
        continue;
      }
      const priced = lines.map(({ sku, quantity }, position) => {
        const product = productBySku.get(sku);
        const productId = productIds.get(sku);
        if (!product || !productId) {
          throw new Error(`demo order names ${sku}, which the demo catalogue lacks`);
        }
        const lineTotal = cents(product.price) * BigInt(quantity);
        return { productId, position, name: product.name, unitPrice: product.price, quantity, lineTotal };
      });
      const [order] = await tx
        .insert(orders)
        .values({
          customerId,
          item: priced
            .map((line) => (line.quantity > 1 ? `${line.quantity} x ${line.name}` : line.name))
            .join(', '),
          quantity: priced.reduce((sum, line) => sum + line.quantity, 0),
          amount: money(priced.reduce((sum, line) => sum + line.lineTotal, 0n)),
          currency: 'KES',
          status,
          notes,
          createdAt: sql`now() - make_interval(days => ${daysAgo})`,
        })
        .returning();
      if (!order) {
        throw new Error('insert returned no order');
      }
      placed.push(order);
      await tx
        .insert(orderItems)
        .values(priced.map((line) => ({ ...line, orderId: order.id, lineTotal: money(line.lineTotal) })));
    }

    // Each order's history: created pending, then every move to where it stands.
    const events = placed.flatMap((order) =>
      statusPath(order.status).map((toStatus, index, path) => ({
        orderId: order.id,
        fromStatus: index === 0 ? null : (path[index - 1] ?? null),
        toStatus,
        actor: 'demo-seed',
        createdAt: new Date(order.createdAt.getTime() + index * 3_600_000),
      })),
    );
    if (events.length > 0) {
      await tx.insert(orderEvents).values(events);
    }
    return { customers: inserted.length, orders: placed.length, ...catalogue };
  });
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is required: PostgreSQL connection URL, e.g. postgres://user:pass@host:5432/sokoni',
    );
    process.exit(1);
  }
  const handle = createDb({ url, max: 1, applicationName: 'sokoni-seed' });
  try {
    const result = await seedDemoData(handle.db);
    console.log(
      `demo data: ${result.customers} customers, ${result.orders} orders, ${result.categories} categories and ${result.products} products added`,
    );
  } finally {
    await handle.close();
  }
}
