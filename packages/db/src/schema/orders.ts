import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  numeric,
  pgSequence,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';
import { customers } from './customers.ts';

export const orderNumberSequence = pgSequence('order_number_seq');

export const orderStatuses = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const orders = pgTable(
  'orders',
  {
    id: id(),
    /** Human-readable and unique, e.g. ORD-000042. */
    number: text('number').notNull().default(sql`sequence_code('ORD-', nextval('order_number_seq'))`),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'restrict' }),
    item: text('item').notNull(),
    quantity: integer('quantity').notNull().default(1),
    /** Money: exact decimal, read and written as a string, never a float. */
    amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
    /** ISO 4217 code. */
    currency: text('currency').notNull().default('KES'),
    status: text('status').$type<OrderStatus>().notNull().default('pending'),
    /** The customer's or staff's free-text remarks ("deliver after 5 pm"). */
    notes: text('notes'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('orders_number_key').on(t.number),
    index('orders_customer_id_created_at_idx').on(t.customerId, t.createdAt, t.id),
    index('orders_created_at_id_idx').on(t.createdAt, t.id),
    index('orders_status_created_at_idx').on(t.status, t.createdAt, t.id),
    // Search (`q`): number and item as one text, so an order insert updates one trigram index,
    // not two. The query must spell the same expression (repositories/order-search.ts).
    index('orders_number_item_trgm_idx').using('gin', sql`(${t.number} || ' ' || ${t.item}) gin_trgm_ops`),
    check('orders_quantity_positive', sql`${t.quantity} >= 1`),
    check('orders_amount_positive', sql`${t.amount} > 0`),
  ],
);

export type OrderRow = typeof orders.$inferSelect;
export type NewOrderRow = typeof orders.$inferInsert;
