import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { OrderRow, OrderStatus } from '../schema/orders.ts';
import { type OwedStaffEmails, owedStaffEmailsCte } from './staff-email-placement.ts';

// The catalogue's placement statement adds the same CTE.
export { type OwedStaffEmails, owedStaffEmailsCte };

// Placing an order is the API's hottest write, and on loopback every round trip to PostgreSQL
// costs more CPU than the rows it writes. So an order is one statement: the order, its first
// event, the SMS it owes and the staff e-mails, written together (atomic without a transaction). What the SMS needs
// is known beforehand: the customer from the API's cache, checked in that same statement against
// the row's version, and the order's number from a block reserved in advance.

/** What the SMS of a new order needs to know of its customer, and the row version it was read at. */
export type OrderingCustomer = {
  id: string;
  /** CUST-0042: the staff e-mail quotes it. */
  code: string;
  name: string;
  phone: string;
  /** As stored: the SMS falls back to the default locale for a value it has no texts for. */
  locale: string;
  /** The row's xmin: it changes with every update, so an unchanged row still has it. */
  version: string;
};

export async function findOrderingCustomer(db: Executor, id: string): Promise<OrderingCustomer | undefined> {
  const result = await db.execute<OrderingCustomer>(sql`
    select id, code, name, phone, locale, xmin::text as version from customers where id = ${id}`);
  return result.rows[0];
}

/**
 * Takes `count` order numbers (ORD-000042) from their sequence in one statement, in order. A
 * number reserved and never used is skipped, as sequences skip numbers anyway.
 */
export async function reserveOrderNumbers(db: Executor, count: number): Promise<string[]> {
  const result = await db.execute<{ number: string }>(sql`
    select sequence_code('ORD-', n) as number
    from (select nextval('order_number_seq') as n from generate_series(1, ${count})) reserved
    order by n`);
  return result.rows.map((row) => row.number);
}

export interface OrderPlacement {
  /** The version of the customer row the SMS was written from (OrderingCustomer.version). */
  customerVersion: string;
  order: {
    id: string;
    number: string;
    customerId: string;
    item: string;
    quantity: number;
    amount: string;
    currency: string;
    notes?: string | null | undefined;
  };
  /** Who placed it, for the order's first event. */
  actor: string;
  /** The SMS the order owes (channel sms, trigger order.created), already rendered. */
  sms: { recipient: string; body: string; encoding: string; segments: number; idempotencyKey: string };
  /** The e-mails it owes the shop's staff, one row per address; absent when none is configured. */
  staffEmails?: OwedStaffEmails | undefined;
}

/** What a placement statement returns of the order it wrote (`placed.*`) and the notifications it owes. */
export type PlacedOrderRow = {
  id: string;
  number: string;
  customer_id: string;
  item: string;
  quantity: number;
  amount: string;
  currency: string;
  status: OrderStatus;
  notes: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  notification_id: string | null;
  staff_email_ids: string[] | null;
};

/**
 * Writes the order, its `pending` event and its notification in one statement, if the customer
 * row is still at `customerVersion`. Returns the order as stored and the notification's id (null
 * when an SMS with the same idempotency key was already owed); undefined, writing nothing, when
 * the customer has changed or gone since it was read: its SMS must be written anew.
 */
export async function placeOrder(
  db: Executor,
  { customerVersion, order, actor, sms, staffEmails }: OrderPlacement,
): Promise<{ order: OrderRow; notificationId: string | null; staffEmailIds: string[] } | undefined> {
  const result = await db.execute<PlacedOrderRow>(sql`
    with customer as (
      select id from customers where id = ${order.customerId} and xmin::text = ${customerVersion}
    ), placed as (
      insert into orders (id, number, customer_id, item, quantity, amount, currency, notes)
      select ${order.id}::uuid, ${order.number}, customer.id, ${order.item}, ${order.quantity}::integer,
        ${order.amount}::numeric, ${order.currency}, ${order.notes ?? null}
      from customer
      returning *
    ), event as (
      insert into order_events (order_id, from_status, to_status, actor)
      select id, null, status, ${actor} from placed
    ), owed as (
      insert into notifications (order_id, customer_id, channel, trigger, recipient, body, encoding, segments,
        idempotency_key)
      select id, customer_id, 'sms', 'order.created', ${sms.recipient}, ${sms.body}, ${sms.encoding},
        ${sms.segments}::integer, ${sms.idempotencyKey}
      from placed
      on conflict (idempotency_key) do nothing
      returning id
    ), ${owedStaffEmailsCte(staffEmails)}
    select placed.*, (select id from owed) as notification_id,
      (select array_agg(id) from staff_emails) as staff_email_ids
    from placed`);
  const row = result.rows[0];
  if (!row) {
    return undefined;
  }
  return placedOrderOf(row);
}

/** The order a placement statement wrote, and the ids of the SMS and staff e-mails it owes. */
export function placedOrderOf(row: PlacedOrderRow): {
  order: OrderRow;
  notificationId: string | null;
  staffEmailIds: string[];
} {
  return {
    order: {
      id: row.id,
      number: row.number,
      customerId: row.customer_id,
      item: row.item,
      quantity: row.quantity,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      notes: row.notes,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    },
    notificationId: row.notification_id,
    staffEmailIds: row.staff_email_ids ?? [],
  };
}
