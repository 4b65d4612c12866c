import { randomUUID } from 'node:crypto';
import type { StaffOrderEmail } from '@sokoni/contracts';
import { customers, type Database, notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';

/** A staff e-mail body as the API writes it with an order (the worker renders the e-mail from it). */
export function staffEmailBody(overrides: Partial<StaffOrderEmail> = {}): StaffOrderEmail {
  const orderId = randomUUID();
  return {
    kind: 'staff-order-email',
    version: 1,
    locale: 'en',
    shopName: 'Duka la Mama',
    order: {
      id: orderId,
      number: 'ORD-004211',
      amount: '1700.00',
      currency: 'KES',
      notes: 'Deliver after 5 pm',
      lines: [
        { name: 'Unga 2kg', quantity: 2, unitPrice: '190.00', lineTotal: '380.00' },
        { name: 'Cooking oil 1L & more', quantity: 3, unitPrice: '440.00', lineTotal: '1320.00' },
      ],
      url: `https://shop.example/orders/${orderId}`,
    },
    customer: { name: 'Amina <script>alert(1)</script>', code: 'CUST-0042', phone: '+254712345678' },
    ...overrides,
  };
}

/** A fresh address at a test domain: MailDev is shared by the whole run, so each test reads its own. */
export function staffAddress(): string {
  return `staff-${randomUUID()}@shop.test`;
}

/** Writes owed staff e-mail rows straight into the table, as placing an order would. */
export async function createStaffEmailRows(db: Database) {
  const [customer] = await db
    .insert(customers)
    .values({ name: 'Amina Njeri', phone: '+254712345678' })
    .returning();
  const customerId = customer?.id ?? '';

  async function oweEmail(recipient: string, body: StaffOrderEmail = staffEmailBody()): Promise<string> {
    const id = randomUUID();
    await db.insert(notifications).values({
      id,
      customerId,
      channel: 'email',
      trigger: 'order.created',
      recipient,
      body: JSON.stringify(body),
      encoding: 'UTF-8',
      segments: 0,
      idempotencyKey: `order:${body.order.id}:order.created:email:${recipient}`,
    });
    return id;
  }

  async function rowOf(id: string) {
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    if (!row) {
      throw new Error(`notification ${id} is gone`);
    }
    return row;
  }

  return { oweEmail, rowOf };
}
