import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { categories } from './categories.ts';
import { id, timestamps } from './columns.ts';

/** What a shop sells: price and stock are read and taken when an order is placed from the catalogue. */
export const products = pgTable(
  'products',
  {
    id: id(),
    /** The shop's own stock-keeping unit, unique. */
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** Money, as orders.amount: exact decimal, read and written as a string. */
    price: numeric('price', { precision: 12, scale: 2 }).notNull(),
    /** ISO 4217 code. */
    currency: text('currency').notNull().default('KES'),
    /** Units on hand; an order takes them with `stock >= quantity` in its UPDATE, so never below zero. */
    stock: integer('stock').notNull().default(0),
    categoryId: uuid('category_id').references(() => categories.id, { onDelete: 'restrict' }),
    active: boolean('active').notNull().default(true),
    featured: boolean('featured').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('products_sku_key').on(t.sku),
    index('products_category_id_idx').on(t.categoryId),
    index('products_created_at_id_idx').on(t.createdAt, t.id),
    // `q` searches name, sku and description with ILIKE '%…%': one trigram index each, OR-ed by the planner.
    index('products_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('products_sku_trgm_idx').using('gin', t.sku.op('gin_trgm_ops')),
    index('products_description_trgm_idx').using('gin', t.description.op('gin_trgm_ops')),
    check('products_price_not_negative', sql`${t.price} >= 0`),
    check('products_stock_not_negative', sql`${t.stock} >= 0`),
  ],
);

export type ProductRow = typeof products.$inferSelect;
export type NewProductRow = typeof products.$inferInsert;
