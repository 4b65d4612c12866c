import { randomUUID } from 'node:crypto';
import { customers, type Database, type NotificationStatus, notifications } from '@sokoni/db';
import { inArray } from 'drizzle-orm';

/** Job settings of the test producers: short backoff, small retention. */
export const testJobSettings = {
  SMS_ATTEMPTS: 3,
  SMS_BACKOFF_MS: 100,
  SMS_KEEP_COMPLETED_COUNT: 10,
  SMS_KEEP_COMPLETED_AGE_S: 60,
  SMS_KEEP_FAILED_COUNT: 10,
  SMS_KEEP_FAILED_AGE_S: 60,
};

export const hour = 3_600_000;

/** Writes owed notification rows straight into the table, as an order change would have. */
export async function createOwedRows(db: Database) {
  const [customer] = await db
    .insert(customers)
    .values({ name: 'Wambui Kariuki', phone: '+254711000002' })
    .returning();
  const customerId = customer?.id ?? '';

  /** One row in `status`, written `ageMs` ago and handed to the queue then (unless `pending`). */
  async function owe(status: NotificationStatus, ageMs: number): Promise<string> {
    const id = randomUUID();
    const at = new Date(Date.now() - ageMs);
    await db.insert(notifications).values({
      id,
      customerId,
      trigger: 'resend',
      recipient: '+254711000002',
      body: 'Sokoni: owed',
      status,
      idempotencyKey: `test:${id}`,
      createdAt: at,
      updatedAt: at,
      enqueuedAt: status === 'pending' ? null : at,
    });
    return id;
  }

  /** The status and last_error of each row, by id. */
  async function statuses(ids: string[]) {
    const rows = await db.select().from(notifications).where(inArray(notifications.id, ids));
    return Object.fromEntries(rows.map((row) => [row.id, { status: row.status, lastError: row.lastError }]));
  }

  return { owe, statuses };
}
