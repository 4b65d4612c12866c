import { eq, ilike, or, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { orderItems } from '../schema/order-items.ts';
import { type NewProductRow, type ProductRow, products } from '../schema/products.ts';
import { inCategorySubtree } from './category-paths.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';
import { likeContains } from './search-patterns.ts';

export async function insertProduct(db: Executor, values: NewProductRow): Promise<ProductRow> {
  const [row] = await db.insert(products).values(values).returning();
  if (!row) {
    throw new Error('insert returned no row');
  }
  return row;
}

export async function findProductById(db: Executor, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

export interface ProductFilters {
  /** The category or any of its descendants. */
  categoryId?: string | undefined;
  /** Inclusive bounds, decimal strings. */
  minPrice?: string | undefined;
  maxPrice?: string | undefined;
  /** true: stock > 0; false: stock = 0. */
  inStock?: boolean | undefined;
  /** Stock at or under this many units: the low-stock list. */
  maxStock?: number | undefined;
  featured?: boolean | undefined;
  active?: boolean | undefined;
  /** Case-insensitive substring of the name, sku or description (trigram indexes). */
  q?: string | undefined;
}

/** Newest first, keyset on (created_at, id). */
export async function listProducts(db: Executor, query: PageQuery & ProductFilters): Promise<ProductRow[]> {
  const page = keyset(products, query);
  const search = query.q
    ? or(
        ilike(products.name, likeContains(query.q)),
        ilike(products.sku, likeContains(query.q)),
        ilike(products.description, likeContains(query.q)),
      )
    : undefined;
  const inStock =
    query.inStock === undefined
      ? undefined
      : query.inStock
        ? sql`${products.stock} > 0`
        : sql`${products.stock} = 0`;
  return db
    .select()
    .from(products)
    .where(
      allOf(
        page.where,
        query.categoryId ? inCategorySubtree(products.categoryId, query.categoryId) : undefined,
        query.minPrice === undefined ? undefined : sql`${products.price} >= ${query.minPrice}::numeric`,
        query.maxPrice === undefined ? undefined : sql`${products.price} <= ${query.maxPrice}::numeric`,
        inStock,
        query.maxStock === undefined ? undefined : sql`${products.stock} <= ${query.maxStock}`,
        query.featured === undefined ? undefined : eq(products.featured, query.featured),
        query.active === undefined ? undefined : eq(products.active, query.active),
        search,
      ),
    )
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

export async function updateProduct(
  db: Executor,
  id: string,
  patch: Partial<
    Pick<
      NewProductRow,
      'sku' | 'name' | 'description' | 'price' | 'currency' | 'stock' | 'categoryId' | 'active' | 'featured'
    >
  >,
): Promise<ProductRow | undefined> {
  const [row] = await db
    .update(products)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(products.id, id))
    .returning();
  return row;
}

export async function productHasOrderLines(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(eq(orderItems.productId, id))
    .limit(1);
  return row !== undefined;
}

export async function deleteProduct(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(products).where(eq(products.id, id)).returning({ id: products.id });
  return rows.length > 0;
}
