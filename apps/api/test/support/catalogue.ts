import { categories, type Database } from '@sokoni/db';
import { expect } from 'vitest';
import type { TestApi } from '../helper.ts';

export interface CategoryJson {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  depth: number;
  createdAt: string;
  updatedAt: string;
}

export interface ProductJson {
  id: string;
  sku: string;
  name: string;
  description: string;
  price: string;
  currency: string;
  stock: number;
  categoryId: string | null;
  active: boolean;
  featured: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Creates a category through the API and returns its JSON. */
export async function createCategory(
  api: TestApi,
  name: string,
  parentId?: string | null,
): Promise<CategoryJson> {
  const response = await api.inject({
    method: 'POST',
    url: '/v1/categories',
    payload: parentId === undefined ? { name } : { name, parentId },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating a category answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<CategoryJson>();
}

/** A chain of `levels` categories, each the child of the one before; returns them root first. */
export async function createChain(api: TestApi, prefix: string, levels: number, parentId?: string) {
  const chain: CategoryJson[] = [];
  for (let level = 0; level < levels; level++) {
    chain.push(await createCategory(api, `${prefix} ${level}`, chain.at(-1)?.id ?? parentId));
  }
  return chain;
}

let skuCounter = 0;

/** Creates a product through the API (a fresh sku unless given) and returns its JSON. */
export async function createProduct(api: TestApi, body: Record<string, unknown> = {}): Promise<ProductJson> {
  skuCounter += 1;
  const response = await api.inject({
    method: 'POST',
    url: '/v1/products',
    payload: { sku: `SKU-${process.pid}-${skuCounter}`, name: 'Kitenge fabric', price: '850.00', ...body },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating a product answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<ProductJson>();
}

/**
 * Checks the stored tree against what its parent links say: each category's path is its
 * parent's path plus its own id, and its depth one more than its parent's, computed here from
 * `parent_id` alone. Returns the rows by id.
 */
export async function expectConsistentTree(db: Database) {
  const rows = await db.select().from(categories);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const expected = new Map<string, { path: string; depth: number }>();
  const resolve = (id: string, seen: Set<string>): { path: string; depth: number } => {
    const known = expected.get(id);
    if (known) {
      return known;
    }
    const row = byId.get(id);
    if (!row) {
      throw new Error(`category ${id} has a missing parent`);
    }
    if (seen.has(id)) {
      throw new Error(`category ${id} is in a cycle`);
    }
    seen.add(id);
    const parent = row.parentId === null ? { path: '', depth: -1 } : resolve(row.parentId, seen);
    const own = { path: `${parent.path}${id}/`, depth: parent.depth + 1 };
    expected.set(id, own);
    return own;
  };
  for (const row of rows) {
    expect({ id: row.id, path: row.path, depth: row.depth }).toEqual({
      id: row.id,
      ...resolve(row.id, new Set()),
    });
  }
  return byId;
}

/** Money string → exact hundredths. */
function toCents(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** The average of money strings, rounded half-up to hundredths, in exact integer arithmetic. */
export function exactAverage(prices: readonly string[]): string {
  const count = BigInt(prices.length);
  const sum = prices.reduce((total, price) => total + toCents(price), 0n);
  // round(sum / count) half-up for non-negative values: floor((2 * sum + count) / (2 * count)).
  const cents = (2n * sum + count) / (2n * count);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

/** The item at `index` (negative: from the end) of a list a test built, which must be there. */
export function nth<T>(list: readonly T[], index: number): T {
  const item = list.at(index);
  if (item === undefined) {
    throw new Error(`no item at ${index} of ${list.length}`);
  }
  return item;
}
