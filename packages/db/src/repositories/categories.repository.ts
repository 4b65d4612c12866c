import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type CategoryRow, categories } from '../schema/categories.ts';
import { products } from '../schema/products.ts';
import { pathInSubtree } from './category-paths.ts';
import { allOf, keyset, type PageQuery } from './pagination.ts';

/** Why a tree change was not made; the caller words the answer. */
export type CategoryRefusal = 'not-found' | 'parent-not-found' | 'cycle';

/** Serialises moves, so two moves never lock the same rows in opposite orders and each sees the tree the previous one left. */
const CATEGORY_MOVE_LOCK = sql`pg_advisory_xact_lock(hashtextextended('sokoni.categories.move', 0))`;

/**
 * Path and depth of `parentId`, locked FOR SHARE until the caller's transaction ends: a move
 * locks the rows it rewrites FOR NO KEY UPDATE, so a child is either added before the move (and
 * rewritten with its siblings) or after it (under the parent's new path).
 */
async function lockParent(tx: Executor, parentId: string) {
  const [parent] = await tx
    .select({ path: categories.path, depth: categories.depth })
    .from(categories)
    .where(eq(categories.id, parentId))
    .for('share');
  return parent;
}

export async function insertCategory(
  db: Executor,
  values: { name: string; slug: string; parentId: string | null },
): Promise<CategoryRow | CategoryRefusal> {
  return db.transaction(async (tx) => {
    const parent = values.parentId === null ? { path: '', depth: -1 } : await lockParent(tx, values.parentId);
    if (!parent) {
      return 'parent-not-found';
    }
    const id = randomUUID();
    const [row] = await tx
      .insert(categories)
      .values({ id, ...values, path: `${parent.path}${id}/`, depth: parent.depth + 1 })
      .returning();
    if (!row) {
      throw new Error('insert returned no row');
    }
    return row;
  });
}

export async function findCategoryById(db: Executor, id: string): Promise<CategoryRow | undefined> {
  const [row] = await db.select().from(categories).where(eq(categories.id, id));
  return row;
}

/** Newest first; only the children of `parentId` when given. */
export async function listCategories(
  db: Executor,
  query: PageQuery & { parentId?: string | undefined },
): Promise<CategoryRow[]> {
  const page = keyset(categories, query);
  return db
    .select()
    .from(categories)
    .where(allOf(page.where, query.parentId ? eq(categories.parentId, query.parentId) : undefined))
    .orderBy(...page.orderBy)
    .limit(page.limit);
}

/** Every category down to `maxDepth` (all when undefined), parents before children, siblings by name. */
export async function listCategoriesForTree(
  db: Executor,
  options: { maxDepth?: number | undefined } = {},
): Promise<Pick<CategoryRow, 'id' | 'name' | 'slug' | 'depth' | 'parentId'>[]> {
  return db
    .select({
      id: categories.id,
      name: categories.name,
      slug: categories.slug,
      depth: categories.depth,
      parentId: categories.parentId,
    })
    .from(categories)
    .where(options.maxDepth === undefined ? undefined : sql`${categories.depth} <= ${options.maxDepth}`)
    .orderBy(asc(categories.depth), asc(categories.name), asc(categories.id));
}

export async function renameCategory(
  db: Executor,
  id: string,
  values: { name: string; slug: string },
): Promise<CategoryRow | undefined> {
  const [row] = await db
    .update(categories)
    .set({ ...values, updatedAt: sql`now()` })
    .where(eq(categories.id, id))
    .returning();
  return row;
}

/**
 * Moves a category and its subtree under `parentId` (null: to the root), renaming it too when
 * `rename` is given, in one transaction: moves are serialised, the subtree is locked, a new
 * parent inside the subtree is refused ('cycle'), and one UPDATE rewrites the path prefix and
 * depth of every row of the subtree.
 */
export async function moveCategory(
  db: Executor,
  move: { id: string; parentId: string | null; rename?: { name: string; slug: string } | undefined },
): Promise<CategoryRow | CategoryRefusal> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT ${CATEGORY_MOVE_LOCK}`);
    // Read after the move lock: a statement started now sees every earlier move committed.
    const node = await findCategoryById(tx, move.id);
    if (!node) {
      return 'not-found';
    }
    // Locks the subtree in id order, so a child added under it waits for this move to end.
    await tx
      .select({ id: categories.id })
      .from(categories)
      .where(pathInSubtree(categories.path, node.path))
      .orderBy(asc(categories.id))
      .for('no key update');
    const parent = move.parentId === null ? { path: '', depth: -1 } : await lockParent(tx, move.parentId);
    if (!parent) {
      return 'parent-not-found';
    }
    if (parent.path.startsWith(node.path)) {
      return 'cycle';
    }
    const shift = parent.depth + 1 - node.depth;
    // The old prefix is the path of the old parent: everything before the node's own "<id>/".
    const oldPrefixLength = node.path.length - (node.id.length + 1);
    const isNode = sql`${categories.id} = ${node.id}::uuid`;
    const rows = await tx
      .update(categories)
      .set({
        path: sql`${parent.path} || substr(${categories.path}, ${oldPrefixLength + 1})`,
        depth: sql`${categories.depth} + ${shift}`,
        parentId: sql`CASE WHEN ${isNode} THEN ${move.parentId}::uuid ELSE ${categories.parentId} END`,
        ...(move.rename
          ? {
              name: sql`CASE WHEN ${isNode} THEN ${move.rename.name} ELSE ${categories.name} END`,
              slug: sql`CASE WHEN ${isNode} THEN ${move.rename.slug} ELSE ${categories.slug} END`,
            }
          : {}),
        updatedAt: sql`now()`,
      })
      .where(pathInSubtree(categories.path, node.path))
      .returning();
    const moved = rows.find((row) => row.id === node.id);
    if (!moved) {
      throw new Error('the moved category was not rewritten');
    }
    return moved;
  });
}

/** What keeps a category from being deleted: its children or its products (undefined: nothing). */
export async function categoryDependents(
  db: Executor,
  id: string,
): Promise<'children' | 'products' | undefined> {
  const [child] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(eq(categories.parentId, id))
    .limit(1);
  if (child) {
    return 'children';
  }
  const [product] = await db
    .select({ id: products.id })
    .from(products)
    .where(eq(products.categoryId, id))
    .limit(1);
  return product ? 'products' : undefined;
}

export async function deleteCategory(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(categories).where(eq(categories.id, id)).returning({ id: categories.id });
  return rows.length > 0;
}
