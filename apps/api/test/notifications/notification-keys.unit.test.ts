import { createDb, findCustomerById, findOrderById, notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  orderNotificationKey,
  resendNotificationKey,
} from '../../src/features/notifications/notification-keys.ts';
import { recordOrderNotification } from '../../src/features/notifications/order-notifications.ts';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());

const orderId = '0b5c6f1e-8d2a-4c1b-9e3f-2a7d4b6c8e10';

describe('notification idempotency keys', () => {
  it('have one shape for every trigger of an order: order:<order id>:<trigger>', () => {
    expect(orderNotificationKey(orderId, 'order.created')).toBe(`order:${orderId}:order.created`);
    expect(orderNotificationKey(orderId, 'order.status.shipped')).toBe(
      `order:${orderId}:order.status.shipped`,
    );
  });

  it('are new for every resend, under the notification resent', () => {
    const first = resendNotificationKey(orderId);
    const second = resendNotificationKey(orderId);
    expect(first).toMatch(new RegExp(`^notification:${orderId}:resend:[0-9a-f-]{36}$`));
    expect(second).not.toBe(first);
  });
});

describe('an order trigger recorded twice', () => {
  const options = { shopName: 'Sokoni', defaultLocale: 'en' as const };

  it('owes one SMS: the second record finds the key taken and adds nothing', async () => {
    const created = await createOrder(api, (await createCustomer(api)).id);
    const order = await findOrderById(db.db, created.id);
    const customer = order && (await findCustomerById(db.db, order.customerId));
    if (!order || !customer) {
      throw new Error('the order just created cannot be read back');
    }
    // order.created was recorded with the order by the API; a status trigger is recorded here first.
    const shipped = await recordOrderNotification(db.db, 'order.status.shipped', order, customer, options);
    expect(shipped).not.toBeNull();
    for (const trigger of ['order.created', 'order.status.shipped'] as const) {
      expect(await recordOrderNotification(db.db, trigger, order, customer, options)).toBeNull();
    }
    const rows = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    expect(rows.map((row) => row.idempotencyKey).sort()).toEqual(
      [`order:${order.id}:order.created`, `order:${order.id}:order.status.shipped`].sort(),
    );
  });
});
