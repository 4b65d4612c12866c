import { sql } from 'drizzle-orm';
import { createDb, type Database } from './client.ts';
import { customers } from './schema/customers.ts';
import { orders } from './schema/orders.ts';
import { seedCatalogue } from './seed-catalogue.ts';

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
    const placed = rows.length > 0 ? await tx.insert(orders).values(rows).returning({ id: orders.id }) : [];
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
