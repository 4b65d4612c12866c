import { sql } from 'drizzle-orm';
import { type AnyPgColumn, check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns.ts';

/**
 * How many leading characters of `path` the index holds (`categories_path_prefix_idx`). A b-tree
 * entry holds at most 2,704 bytes and a path grows by 37 characters a level, so the whole path
 * would fail to index past 73 levels; its first 2,048 characters (55 levels) always fit, and
 * category-paths.ts rechecks the full path after the index range.
 */
export const PATH_INDEX_PREFIX_LENGTH = 2048;

/**
 * The catalogue's category tree, of any depth, kept as a materialised path: `path` lists the ids
 * from the root down to the category, each followed by '/'. "Every descendant of X" is then one
 * range scan of a b-tree index on the path's bounded prefix, moving a subtree rewrites the
 * prefix of its rows in one UPDATE, and a move under its own subtree is seen from the new
 * parent's path (ARCHITECTURE.md says why this model and not ltree or a closure table).
 */
export const categories = pgTable(
  'categories',
  {
    id: id(),
    name: text('name').notNull(),
    /** URL-friendly name, unique among its siblings. */
    slug: text('slug').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => categories.id, { onDelete: 'restrict' }),
    /** "<root id>/<child id>/…/<own id>/": maintained with parent_id, never set by clients. */
    path: text('path').notNull(),
    /** 0 at the root: the number of ids in `path` minus one. */
    depth: integer('depth').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('categories_parent_slug_key').on(t.parentId, t.slug).nullsNotDistinct(),
    // text_pattern_ops compares byte-wise whatever the database's collation, so a prefix is a
    // range; the index holds a bounded prefix of the path, so no depth is too deep to index.
    index('categories_path_prefix_idx').using(
      'btree',
      sql`left(${t.path}, ${sql.raw(String(PATH_INDEX_PREFIX_LENGTH))}) text_pattern_ops`,
    ),
    index('categories_parent_id_idx').on(t.parentId),
    // GET /v1/categories pages newest first, keyset on (created_at, id).
    index('categories_created_at_id_idx').on(t.createdAt, t.id),
    check('categories_depth_not_negative', sql`${t.depth} >= 0`),
  ],
);

export type CategoryRow = typeof categories.$inferSelect;
export type NewCategoryRow = typeof categories.$inferInsert;
