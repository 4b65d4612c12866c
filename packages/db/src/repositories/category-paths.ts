import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { categories } from '../schema/categories.ts';

/**
 * Deepest `depth` a category may have (64 levels from the root, depth 0). `path` holds 37
 * characters per level and its b-tree index takes entries of at most 2,704 bytes (73 levels);
 * the limit keeps a margin and turns what would be an index error into a refusal.
 */
export const MAX_CATEGORY_DEPTH = 63;

/**
 * `pathColumn` lies in the subtree whose root has the path `rootPath` (root included): a prefix
 * match written as a byte-wise range (`~>=~`, `~<~`), which the `text_pattern_ops` index
 * `categories_path_idx` serves even when the prefix comes from another row of the same query,
 * where `LIKE prefix || '%'` could not use it. Every path ends in '/', and '0' is the byte after
 * '/', so [".../", "...0") holds exactly the paths that start with the prefix.
 */
export function pathInSubtree(pathColumn: PgColumn | SQL, rootPath: PgColumn | SQL | string): SQL {
  return sql`(${pathColumn} ~>=~ ${rootPath} AND ${pathColumn} ~<~ (left(${rootPath}, -1) || '0'))`;
}

/**
 * The ids of a category and all its descendants, as a subquery: `x IN (categorySubtreeIds(id))`.
 * An unknown id yields no rows. One index scan for the root and one range scan for the subtree.
 */
export function categorySubtreeIds(rootId: string): SQL {
  return sql`SELECT d.id FROM ${categories} r JOIN ${categories} d ON ${pathInSubtree(sql`d.path`, sql`r.path`)} WHERE r.id = ${rootId}::uuid`;
}

/** `categoryIdColumn` (e.g. products.category_id) names the category `rootId` or one of its descendants. */
export function inCategorySubtree(categoryIdColumn: PgColumn, rootId: string): SQL {
  return sql`${categoryIdColumn} IN (${categorySubtreeIds(rootId)})`;
}
