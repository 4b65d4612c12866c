import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { categories } from '../schema/categories.ts';
import { products } from '../schema/products.ts';
import { categorySubtreeIds } from './category-paths.ts';

/** The average price of one currency's active products in a subtree. */
export interface CurrencyAverage {
  currency: string;
  /** Decimal string with two decimals, rounded half-up (PostgreSQL's round on numeric). */
  averagePrice: string;
  productCount: number;
}

// avg(numeric) is exact to 16 or more significant digits and round(numeric, 2) rounds half away
// from zero, which for prices (never negative) is half-up; never floats.
const AVERAGE = sql`round(avg(${products.price}), 2)::text`;

/** Per currency, over the active products of `categoryId` and all its descendants; [] when none. */
export async function averagePricesOfCategory(db: Executor, categoryId: string): Promise<CurrencyAverage[]> {
  const result = await db.execute<{ currency: string; average_price: string; product_count: number }>(sql`
    SELECT ${products.currency} AS currency, ${AVERAGE} AS average_price, count(*)::int AS product_count
    FROM ${products}
    WHERE ${products.active} AND ${products.categoryId} IN (${categorySubtreeIds(categoryId)})
    GROUP BY ${products.currency}
    ORDER BY ${products.currency}`);
  return result.rows.map((row) => ({
    currency: row.currency,
    averagePrice: row.average_price,
    productCount: row.product_count,
  }));
}

/**
 * Every category with the averages of its subtree, in one statement. A product's category path
 * lists all its ancestors, so each active product is counted once for each of them: one pass
 * over the products, no self-join of the tree. Categories without active products have [].
 */
export async function averagePricesOfAllCategories(
  db: Executor,
): Promise<{ categoryId: string; averages: CurrencyAverage[] }[]> {
  const result = await db.execute<{ category_id: string; averages: CurrencyAverage[] }>(sql`
    WITH per_ancestor AS (
      SELECT ancestor.id::uuid AS category_id, ${products.currency} AS currency,
             ${AVERAGE} AS average_price, count(*)::int AS product_count
      FROM ${products}
      JOIN ${categories} ON ${categories.id} = ${products.categoryId}
      CROSS JOIN LATERAL unnest(string_to_array(rtrim(${categories.path}, '/'), '/')) AS ancestor(id)
      WHERE ${products.active}
      GROUP BY 1, 2
    )
    SELECT c.id AS category_id,
           coalesce(
             json_agg(json_build_object('currency', a.currency, 'averagePrice', a.average_price,
                                        'productCount', a.product_count) ORDER BY a.currency)
               FILTER (WHERE a.currency IS NOT NULL),
             '[]') AS averages
    FROM ${categories} c
    LEFT JOIN per_ancestor a ON a.category_id = c.id
    GROUP BY c.id, c.path
    ORDER BY c.path`);
  return result.rows.map((row) => ({ categoryId: row.category_id, averages: row.averages }));
}
