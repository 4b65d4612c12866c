import { type Database, orderItems, products } from '@sokoni/db';
import { eq, inArray, sum } from 'drizzle-orm';
import type { TestApi } from '../helper.ts';

let skus = 0;

/** Writes a product straight into the database (the tests of orders need no catalogue routes). */
export async function insertProduct(
  db: Database,
  values: { name?: string; price?: string; currency?: string; stock?: number; active?: boolean } = {},
) {
  skus += 1;
  const [row] = await db
    .insert(products)
    .values({
      sku: `ORDER-TEST-${process.pid}-${skus}`,
      name: values.name ?? `Kitenge ${skus}`,
      price: values.price ?? '850.00',
      currency: values.currency ?? 'KES',
      stock: values.stock ?? 100,
      active: values.active ?? true,
    })
    .returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

export async function stockOf(db: Database, productId: string): Promise<number> {
  const [row] = await db.select({ stock: products.stock }).from(products).where(eq(products.id, productId));
  if (!row) {
    throw new Error(`product ${productId} does not exist`);
  }
  return row.stock;
}

/** Units of the products sold in order lines, whatever the orders' status. */
export async function unitsInLines(db: Database, productIds: string[]): Promise<number> {
  const [row] = await db
    .select({ units: sum(orderItems.quantity) })
    .from(orderItems)
    .where(inArray(orderItems.productId, productIds));
  return Number(row?.units ?? 0);
}

export interface OrderJson {
  id: string;
  number: string;
  customerId: string;
  item: string;
  quantity: number;
  amount: string;
  currency: string;
  status: string;
  notes: string | null;
  items?: Array<{ productId: string; name: string; unitPrice: string; quantity: number; lineTotal: string }>;
}

/** POST /v1/orders with catalogue lines, as staff unless `authorization` is given. */
export function orderProducts(
  api: TestApi,
  customerId: string,
  items: Array<{ productId: string; quantity: number }>,
  options: { authorization?: string; notes?: string; app?: TestApi['app'] } = {},
) {
  const payload = { customerId, items, ...(options.notes !== undefined ? { notes: options.notes } : {}) };
  if (options.app || options.authorization) {
    return (async () =>
      (options.app ?? api.app).inject({
        method: 'POST',
        url: '/v1/orders',
        payload,
        headers: { authorization: options.authorization ?? (await api.staffAuthorization()) },
      }))();
  }
  return api.inject({ method: 'POST', url: '/v1/orders', payload });
}
