import { randomUUID } from 'node:crypto';
import { createDb, type NotificationStatus, notifications } from '@sokoni/db';
import { onFileFinished } from '@sokoni/testing';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { expectForbidden } from '../support/auth.ts';

// The file's own database clone: the counts are of the rows staged here only.
const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 2 });
onFileFinished(() => db.close());
const customer = await createCustomer(api);

const minutesAgo = (minutes: number) => sql`now() - make_interval(mins => ${minutes})`;

/** The SMS of a new order, moved to `status` and created `minutes` ago by PostgreSQL's clock. */
async function notificationIn(status: NotificationStatus, minutes: number): Promise<void> {
  const order = await createOrder(api, customer.id);
  await db.db
    .update(notifications)
    .set({ status, createdAt: minutesAgo(minutes) })
    .where(eq(notifications.orderId, order.id));
}

async function summary(authorization?: string) {
  const response = await api.inject({
    method: 'GET',
    url: '/v1/notifications/summary',
    ...(authorization ? { headers: { authorization } } : {}),
  });
  return { response, body: response.json() };
}

describe('GET /v1/notifications/summary', () => {
  it('answers zero everywhere, and no lag, when nothing is owed', async () => {
    const { response, body } = await summary();
    expect(response.statusCode).toBe(200);
    expect(body).toEqual({ pending: 0, queued: 0, sending: 0, failedLastHour: 0, outboxLagS: 0 });
  });

  it('counts by status, failures of the last hour only, and the age of the oldest owed as the lag', async () => {
    await notificationIn('pending', 10);
    await notificationIn('queued', 3);
    await notificationIn('sending', 1);
    await notificationIn('sending', 20);
    await notificationIn('failed', 30);
    // Not counted: failed before the last hour, rejected, delivered.
    await notificationIn('failed', 90);
    await notificationIn('rejected', 5);
    await notificationIn('delivered', 120);

    const { response, body } = await summary();
    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({ pending: 1, queued: 1, sending: 2, failedLastHour: 1 });
    // The pending one, 10 minutes old; the older sending and delivered ones are not owed.
    expect(body.outboxLagS).toBeGreaterThanOrEqual(600);
    expect(body.outboxLagS).toBeLessThan(20 * 60);
  });

  it('counts past any page size: every owed row, not the newest hundred', async () => {
    const owed = Array.from({ length: 150 }, () => ({
      customerId: customer.id,
      trigger: 'order.created',
      recipient: customer.phone,
      body: 'Staged',
      status: 'queued' as const,
      idempotencyKey: `summary-test:${randomUUID()}`,
      createdAt: minutesAgo(45),
    }));
    await db.db.insert(notifications).values(owed);

    const { body } = await summary();
    expect(body.queued).toBe(151);
    expect(body.outboxLagS).toBeGreaterThanOrEqual(45 * 60);
  });

  it('is staff only: a customer is refused, and so is a client without notifications:read', async () => {
    expectForbidden((await summary(await api.customerAuthorization('amina'))).response);
    expectForbidden(
      (await summary(await api.authorizationWithScopes(['orders:read', 'notifications:resend']))).response,
      'notifications:read',
    );
  });
});
