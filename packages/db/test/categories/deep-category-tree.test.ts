import { useTestEnvironment } from '@sokoni/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/client.ts';
import {
  findCategoryById,
  insertCategory,
  moveCategory,
} from '../../src/repositories/categories.repository.ts';
import {
  averagePricesOfAllCategories,
  averagePricesOfCategory,
} from '../../src/repositories/category-averages.repository.ts';
import { listProducts } from '../../src/repositories/products.repository.ts';
import { categories, PATH_INDEX_PREFIX_LENGTH } from '../../src/schema/categories.ts';
import { products } from '../../src/schema/products.ts';
import { createPlanRecordingDb, planNodes, type StatementPlan } from './statement-plans.ts';

// Trees far deeper than a whole path could be indexed (about 73 levels): subtrees, averages and
// moves stay exact, and "every descendant of X" is an index range scan at any depth of X.
const env = await useTestEnvironment();
const handle = createPlanRecordingDb(env.databaseUrl);
const { db } = handle;
afterAll(() => handle.close());

type ChainRow = { id: string; path: string; depth: number };

/** A chain of `levels` categories in one statement, under `parent` (or from the root); root first. */
async function insertChain(executor: Executor, name: string, levels: number, parent?: ChainRow) {
  const result = await executor.execute<ChainRow>(sql`
    INSERT INTO ${categories} (id, name, slug, parent_id, path, depth)
    WITH RECURSIVE chain AS (
      SELECT gen_random_uuid() AS id, ${parent?.id ?? null}::uuid AS parent_id,
             ${parent?.path ?? ''}::text AS parent_path, ${(parent?.depth ?? -1) + 1}::int AS depth
      UNION ALL
      SELECT gen_random_uuid(), c.id, c.parent_path || c.id || '/', c.depth + 1
      FROM chain c WHERE c.depth < ${(parent?.depth ?? -1) + levels}
    )
    SELECT id, ${name} || ' ' || depth, ${name.toLowerCase()} || '-' || depth, parent_id,
           parent_path || id || '/', depth
    FROM chain
    RETURNING id, path, depth`);
  return result.rows.sort((a, b) => a.depth - b.depth);
}

function at<T>(list: readonly T[], index: number): T {
  const item = list.at(index);
  if (item === undefined) {
    throw new Error(`no item at ${index} of ${list.length}`);
  }
  return item;
}

/** Every category under `root` (included), from parent links alone, as the test's own answer. */
async function descendantsByParentLinks(rootId: string): Promise<Set<string>> {
  const rows = await db.select({ id: categories.id, parentId: categories.parentId }).from(categories);
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (row.parentId) {
      children.set(row.parentId, [...(children.get(row.parentId) ?? []), row.id]);
    }
  }
  const found = new Set<string>();
  const pending = [rootId];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    found.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return found;
}

let deep: ChainRow[] = [];
let twig: ChainRow[] = [];
let shallowRoot: ChainRow;
/** (category, price) of every active KES product, for the test's own averages. */
const priced: { categoryId: string; cents: number }[] = [];

beforeAll(async () => {
  // A large catalogue of ordinary shape (20 roots of 10 aisles of 100 shelves), so the planner
  // weighs the plans as it would for a real shop, then a chain of 320 levels with a second branch from its level 150.
  const roots = await insertChain(db, 'Shop', 1);
  shallowRoot = at(roots, 0);
  for (let r = 1; r < 20; r++) {
    await insertChain(db, `Shop ${r}`, 1);
  }
  for (const [depth, name, count] of [
    [1, 'Aisle', 10],
    [2, 'Shelf', 100],
  ] as const) {
    // gen_random_uuid() in a subquery's select list: a new id for every row.
    await db.execute(sql`
      INSERT INTO ${categories} (id, name, slug, parent_id, path, depth)
      SELECT id, ${name}, ${name.toLowerCase()} || '-' || n, parent_id, parent_path || id || '/', ${depth}
      FROM (SELECT gen_random_uuid() AS id, p.id AS parent_id, p.path AS parent_path, n
            FROM ${categories} p CROSS JOIN generate_series(1, ${count}) n
            WHERE p.depth = ${depth - 1} AND p.name LIKE 'Shop%' OR p.name = 'Aisle' AND ${depth} = 2) x`);
  }
  deep = await insertChain(db, 'Deep', 320);
  twig = await insertChain(db, 'Twig', 20, at(deep, 149));

  const everyCategory = await db.select({ id: categories.id }).from(categories);
  const chosen = [
    ...everyCategory.map((row) => row.id),
    ...deep.map((row) => row.id),
    ...twig.map((row) => row.id),
  ];
  let state = 20_260_602;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return Math.floor(state / 2 ** 12);
  };
  const rows = chosen.map((categoryId, i) => {
    const cents = (next() % 900_000) + 100;
    const active = next() % 7 !== 0;
    if (active) {
      priced.push({ categoryId, cents });
    }
    return {
      sku: `DEEP-${i}`,
      name: `Product ${i}`,
      price: (cents / 100).toFixed(2),
      currency: 'KES',
      stock: 5,
      categoryId,
      active,
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(products).values(rows.slice(i, i + 500));
  }
  // Statistics of every row (the tables are smaller than ANALYZE's sample), so plans are the
  // ones these tables always get.
  await db.execute(sql`ANALYZE ${categories}`);
  await db.execute(sql`ANALYZE ${products}`);
});

/** The test's own average, in exact integer cents rounded half-up, over the given categories. */
function expectedAverage(ids: Set<string>): string | undefined {
  const prices = priced.filter((row) => ids.has(row.categoryId)).map((row) => BigInt(row.cents));
  if (prices.length === 0) {
    return undefined;
  }
  const count = BigInt(prices.length);
  const sum = prices.reduce((a, b) => a + b, 0n);
  const cents = (2n * sum + count) / (2n * count);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** The statement reads categories by their ids or by a range of the path-prefix index, never whole. */
function expectPathIndexRange(statement: StatementPlan | undefined) {
  expect(statement, 'no statement was planned').toBeDefined();
  const nodes = planNodes(statement?.plan ?? { 'Node Type': 'none' });
  const onCategories = nodes.filter(
    (node) =>
      node['Relation Name'] === 'categories' &&
      node['Node Type'].endsWith('Scan') &&
      node['Index Name'] !== 'categories_pkey',
  );
  expect(onCategories.length, JSON.stringify(statement?.plan)).toBeGreaterThan(0);
  for (const node of onCategories) {
    expect(node['Node Type'], JSON.stringify(statement?.plan)).toMatch(
      /^(Index Scan|Index Only Scan|Bitmap Heap Scan)$/,
    );
  }
  const pathScans = nodes.filter((node) => node['Index Name'] === 'categories_path_prefix_idx');
  expect(pathScans.length, JSON.stringify(statement?.plan)).toBeGreaterThan(0);
  for (const scan of pathScans) {
    expect(scan['Index Cond']).toContain(`"left"(path, ${PATH_INDEX_PREFIX_LENGTH}) ~>=~`);
    expect(scan['Index Cond']).toContain(`"left"(path, ${PATH_INDEX_PREFIX_LENGTH}) ~<=~`);
  }
}

describe('a category tree hundreds of levels deep', () => {
  it('stores the chain with paths far longer than the indexed prefix', async () => {
    expect(at(deep, -1).depth).toBe(319);
    expect(at(deep, -1).path.length).toBe(320 * 37);
    expect(at(deep, -1).path.length).toBeGreaterThan(5 * PATH_INDEX_PREFIX_LENGTH);
  });

  it('adds categories below level 320 through the repository', async () => {
    let parent = at(deep, -1);
    for (let level = 0; level < 10; level++) {
      const child = await insertCategory(db, {
        name: `Below ${level}`,
        slug: `below-${level}`,
        parentId: parent.id,
      });
      if (typeof child === 'string') {
        throw new Error(`refused: ${child}`);
      }
      expect(child).toMatchObject({ depth: 320 + level, path: `${parent.path}${child.id}/` });
      deep.push(child);
      parent = child;
    }
  });

  it('finds exactly the descendants of a shallow or deep category, siblings sharing the indexed prefix left out', async () => {
    for (const root of [
      shallowRoot,
      at(deep, 0),
      at(deep, 60),
      at(deep, 150),
      at(deep, 149),
      at(deep, 300),
      at(twig, 5),
    ]) {
      const found = await listProducts(db, { categoryId: root.id, limit: 100_000 });
      const expected = await descendantsByParentLinks(root.id);
      const inSubtree = (
        await db.select({ id: products.id, categoryId: products.categoryId }).from(products)
      ).filter((row) => row.categoryId !== null && expected.has(row.categoryId));
      expect(found.map((row) => row.id).sort(), `under depth ${root.depth}`).toEqual(
        inSubtree.map((row) => row.id).sort(),
      );
    }
    // Level 150 of the chain and the twig's first node share their first 2,048 characters (55
    // levels): only the recheck on the full path tells their subtrees apart.
    expect(at(deep, 150).path.slice(0, PATH_INDEX_PREFIX_LENGTH)).toBe(
      at(twig, 0).path.slice(0, PATH_INDEX_PREFIX_LENGTH),
    );
  });

  it('averages a deep subtree and every category exactly', async () => {
    for (const root of [shallowRoot, at(deep, 0), at(deep, 150), at(deep, 310), at(twig, 0)]) {
      const averages = await averagePricesOfCategory(db, root.id);
      expect(
        averages.map((row) => row.averagePrice),
        `under depth ${root.depth}`,
      ).toEqual(
        [expectedAverage(await descendantsByParentLinks(root.id))].filter((value) => value !== undefined),
      );
    }
    const all = new Map(
      (await averagePricesOfAllCategories(db)).map((row) => [row.categoryId, row.averages]),
    );
    for (const root of [
      at(deep, 0),
      at(deep, 100),
      at(deep, 149),
      at(deep, 200),
      at(twig, 10),
      at(deep, -1),
    ]) {
      expect(
        all.get(root.id)?.map((row) => row.averagePrice),
        `depth ${root.depth}`,
      ).toEqual(
        [expectedAverage(await descendantsByParentLinks(root.id))].filter((value) => value !== undefined),
      );
    }
  });

  it('plans every subtree query as a range scan of the path-prefix index, for shallow and deep roots', async () => {
    for (const root of [shallowRoot, at(deep, 2), at(deep, 150), at(deep, 310)]) {
      const averagePlans = await handle.plansOf(() => averagePricesOfCategory(db, root.id));
      expectPathIndexRange(averagePlans.find((statement) => statement.query.includes('avg(')));
      const listPlans = await handle.plansOf(() => listProducts(db, { categoryId: root.id, limit: 20 }));
      expectPathIndexRange(listPlans.find((statement) => statement.query.includes('"products"')));
    }
  });

  it('averages every category in one pass over the products, with no subtree scan per category', async () => {
    const [statement, ...others] = await handle.plansOf(() => averagePricesOfAllCategories(db));
    expect(others).toEqual([]);
    const nodes = planNodes(statement?.plan ?? { 'Node Type': 'none' });
    const plan = JSON.stringify(statement?.plan);
    // Every category is in the answer, so the tables are read whole, each once for the list of
    // categories and once for the products with their paths; no range of paths is looked up.
    expect(
      nodes.filter((node) => node['Relation Name'] === 'products'),
      plan,
    ).toHaveLength(1);
    expect(
      nodes.filter((node) => node['Relation Name'] === 'categories'),
      plan,
    ).toHaveLength(2);
    expect(plan).not.toContain('~>=~');
    expect(plan).not.toContain('categories_path_prefix_idx');
  });

  it('moves a deep subtree under another deep category, refusing cycles at any depth', async () => {
    const other = await insertChain(db, 'Other', 300);
    await db.execute(sql`ANALYZE ${categories}`);
    const moved = at(deep, 200);
    const target = at(other, 250);
    const before = await descendantsByParentLinks(moved.id);
    expect(before.size).toBe(130);
    const targetBefore = await descendantsByParentLinks(target.id);

    const statements = await handle.plansOf(async () => {
      const result = await moveCategory(db, { id: moved.id, parentId: target.id });
      expect(result).toMatchObject({ id: moved.id, parentId: target.id, depth: 251 });
    });
    // The subtree is found twice, to lock it and to rewrite it, both by the index range.
    const subtreeStatements = statements.filter((statement) => statement.query.includes('~>=~'));
    expect(subtreeStatements.map((statement) => statement.query.trimStart().split(' ')[0])).toEqual([
      'select',
      'update',
    ]);
    for (const statement of subtreeStatements) {
      expectPathIndexRange(statement);
    }

    expect(await descendantsByParentLinks(target.id)).toEqual(new Set([...targetBefore, ...before]));
    const rows = await db.select().from(categories);
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) {
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      expect(row.path).toBe(`${parent?.path ?? ''}${row.id}/`);
      expect(row.depth).toBe(parent ? parent.depth + 1 : 0);
    }
    expect((await findCategoryById(db, at(deep, -1).id))?.depth).toBe(251 + 129);

    // Under its own descendant, 200 levels down or across the twig that shares its prefix.
    expect(await moveCategory(db, { id: at(deep, 60).id, parentId: at(twig, 19).id })).toBe('cycle');
    expect(await moveCategory(db, { id: target.id, parentId: at(deep, -1).id })).toBe('cycle');
    // Beside it, where the index prefix is the same but the path is not: allowed.
    const sideways = await moveCategory(db, { id: at(twig, 0).id, parentId: at(deep, 180).id });
    expect(sideways).toMatchObject({ depth: 181 });
  });
});
