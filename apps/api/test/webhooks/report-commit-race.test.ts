import { createDb, deliveryReports, markNotificationsSent, notifications } from '@sokoni/db';
import { waitForLockWaiters } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
const db = createDb({ url: api.databaseUrl, max: 4 });
afterAll(() => db.close());
const customerId = (await createCustomer(api)).id;

/** An advisory lock key of this test's own; the trigger below waits on it. */
const gate = 7_340_001;

it('applies a report whose insert commits only after the worker stored the message id', async () => {
  const order = await createOrder(api, customerId);
  const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
  const id = row?.id ?? '';
  await db.db.update(notifications).set({ status: 'sending' }).where(eq(notifications.id, id));

  // Holds every insert into delivery_reports until the test opens the gate: the report arrived
  // before the worker recorded the send, and is stored only after.
  const holder = await db.pool.connect();
  await holder.query('select pg_advisory_lock($1)', [gate]);
  await db.pool.query(`
    create function test_hold_report() returns trigger language plpgsql as $$
    begin perform pg_advisory_lock(${gate}); perform pg_advisory_unlock(${gate}); return new; end $$;
    create trigger test_hold_report before insert on delivery_reports
      for each row execute function test_hold_report();`);
  try {
    const reporting = api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/africastalking/delivery-reports/${api.config.AT_WEBHOOK_SECRET}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ id: 'ATXid_gap', status: 'Success' }).toString(),
    });
    // The report now waits at the gate.
    await waitForLockWaiters(db.pool);

    // The worker records the send meanwhile. It may finish, or wait for the report: either way
    // it must not leave the report unapplied.
    let marked = false;
    const marking = markNotificationsSent(db.db, [
      {
        notificationId: id,
        providerMessageId: 'ATXid_gap',
        providerStatusCode: 101,
        cost: 'KES 0.8000',
        attempt: 1,
        httpStatus: 201,
        startedAt: new Date(),
      },
    ]).then(() => {
      marked = true;
    });
    // Until the worker has either recorded the send or is waiting for the report.
    await waitForLockWaiters(db.pool, { count: 2, unless: () => marked });

    await holder.query('select pg_advisory_unlock($1)', [gate]);
    expect((await reporting).statusCode).toBe(200);
    await marking;
  } finally {
    holder.release();
    await db.pool.query(
      'drop trigger test_hold_report on delivery_reports; drop function test_hold_report()',
    );
  }

  const [now] = await db.db.select().from(notifications).where(eq(notifications.id, id));
  expect(now).toMatchObject({ status: 'delivered', providerMessageId: 'ATXid_gap' });
  const [stored] = await db.db
    .select()
    .from(deliveryReports)
    .where(eq(deliveryReports.providerMessageId, 'ATXid_gap'));
  expect(stored?.notificationId).toBe(id);
});
