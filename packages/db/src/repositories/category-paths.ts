import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { categories, PATH_INDEX_PREFIX_LENGTH } from '../schema/categories.ts';

/** The indexed expression of `categories_path_prefix_idx`, written as the index writes it. */
function indexedPrefix(path: PgColumn | SQL | string): SQL {
  return sql`left(${path}, ${sql.raw(String(PATH_INDEX_PREFIX_LENGTH))})`;
}

/**
 * `pathColumn` lies in the subtree whose root has the path `rootPath` (root included).
 *
 * Every path ends in '/', and '0' is the byte after '/', so byte-wise (`~>=~`, `~<~`) the paths
 * that start with the root's are exactly those in [".../", "...0"). The index holds only the
 * first PATH_INDEX_PREFIX_LENGTH characters of each path, so the range is asked of that prefix
 * first, with both bounds cut the same way: for a root path that fits, the range is the same
 * one; for a longer one it narrows to the rows sharing the root's first characters (its
 * ancestors' subtree from about 55 levels down). The range on the full path then rechecks the
 * rows the index found. Both bounds may come from another row of the same query, which the
 * index serves where `LIKE x.path || '%'` could not.
 */
export function pathInSubtree(pathColumn: PgColumn | SQL, rootPath: PgColumn | SQL | string): SQL {
  const upperBound = sql`(left(${rootPath}, -1) || '0')`;
  return sql`(${indexedPrefix(pathColumn)} ~>=~ ${indexedPrefix(rootPath)}
    AND ${indexedPrefix(pathColumn)} ~<=~ ${indexedPrefix(upperBound)}
    AND ${pathColumn} ~>=~ ${rootPath} AND ${pathColumn} ~<~ ${upperBound})`;
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
