import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id } from './columns.ts';
import { orders } from './orders.ts';
import { products } from './products.ts';

/**
 * The lines of an order placed from the catalogue. Name and unit price are copied from the
 * product when the order is placed, so later catalogue changes never alter a past order.
 */
export const orderItems = pgTable(
  'order_items',
  {
    id: id(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'restrict' }),
    productId: uuid('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'restrict' }),
    /** 0-based place of the line in the order, as the client listed it. */
    position: integer('position').notNull(),
    name: text('name').notNull(),
    unitPrice: numeric('unit_price', { precision: 12, scale: 2 }).notNull(),
    quantity: integer('quantity').notNull(),
    lineTotal: numeric('line_total', { precision: 12, scale: 2 }).notNull(),
  },
  (t) => [
    index('order_items_order_id_idx').on(t.orderId, t.position),
    index('order_items_product_id_idx').on(t.productId),
    // Search of orders by a line's product name (`q`, repositories/order-search.ts).
    index('order_items_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    check('order_items_quantity_positive', sql`${t.quantity} >= 1`),
  ],
);

export type OrderItemRow = typeof orderItems.$inferSelect;
export type NewOrderItemRow = typeof orderItems.$inferInsert;
