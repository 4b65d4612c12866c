import { randomUUID } from 'node:crypto';
import {
  categories,
  categorySlug,
  customers,
  type DbHandle,
  notificationAttempts,
  notifications,
  orders,
  products,
} from '@sokoni/db';

/**
 * A small catalogue written straight into the API's database: Groceries with Flour and Sugar
 * under it, two flours and one sugar, priced in KES.
 */
export async function seedCatalogue(handle: DbHandle) {
  const category = (name: string, parent?: { id: string; path: string; depth: number }) => {
    const id = randomUUID();
    return {
      id,
      name,
      slug: categorySlug(name),
      parentId: parent?.id ?? null,
      path: `${parent?.path ?? ''}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
    };
  };
  const groceries = category('Groceries');
  const flour = category('Flour', groceries);
  const sugar = category('Sugar', groceries);
  await handle.db.insert(categories).values([groceries, flour, sugar]);
  const [unga, maize, sukari] = await handle.db
    .insert(products)
    .values([
      { sku: 'WEB-UNGA-2', name: 'Unga wa ngano 2kg', price: '185.50', stock: 50, categoryId: flour.id },
      { sku: 'WEB-MAIZE-2', name: 'Unga wa mahindi 2kg', price: '160.00', stock: 50, categoryId: flour.id },
      { sku: 'WEB-SUKARI-1', name: 'Sukari 1kg', price: '180.00', stock: 50, categoryId: sugar.id },
    ])
    .returning();
  if (!unga || !maize || !sukari) {
    throw new Error('the catalogue was not written');
  }
  return { groceries, flour, sugar, unga, maize, sukari };
}

/** A customer row; `subject` links it to a login of apps/idp (amina is `customer-amina`). */
export async function seedCustomer(
  handle: DbHandle,
  customer: { name: string; phone: string; email?: string | null; subject?: string | null },
) {
  const [row] = await handle.db
    .insert(customers)
    .values({ subject: null, ...customer })
    .returning();
  if (!row) {
    throw new Error('the customer was not written');
  }
  return row;
}

/** A free-text order of `customerId`, as staff place them. */
export async function seedOrder(handle: DbHandle, customerId: string) {
  const [row] = await handle.db
    .insert(orders)
    .values({ customerId, item: 'Solar lamp', quantity: 1, amount: '2450.50' })
    .returning();
  if (!row) {
    throw new Error('the order was not written');
  }
  return row;
}

/**
 * An SMS that failed for good, with the one attempt that says why: what the worker leaves when
 * Africa's Talking refuses the number.
 */
export async function seedFailedSms(
  handle: DbHandle,
  options: { customerId: string; recipient: string; channel?: 'sms' | 'email' },
) {
  const [row] = await handle.db
    .insert(notifications)
    .values({
      customerId: options.customerId,
      channel: options.channel ?? 'sms',
      trigger: 'order.created',
      recipient: options.recipient,
      body: 'Sokoni: your order is received.',
      status: 'failed',
      attempts: 1,
      providerStatusCode: 403,
      lastError: 'InvalidPhoneNumber',
      idempotencyKey: `test:${randomUUID()}`,
    })
    .returning();
  if (!row) {
    throw new Error('the notification was not written');
  }
  await handle.db.insert(notificationAttempts).values({
    notificationId: row.id,
    attempt: 1,
    outcome: 'permanent',
    httpStatus: 200,
    providerStatusCode: 403,
    error: 'InvalidPhoneNumber',
    startedAt: new Date(),
  });
  return row;
}
