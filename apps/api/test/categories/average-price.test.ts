import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import {
  type CategoryJson,
  createCategory,
  createProduct,
  exactAverage,
  nth,
  type ProductJson,
} from '../support/catalogue.ts';

// Averages over a category and all its descendants, checked against exact integer arithmetic on
// the generated prices (never floats), for one category and for every category at once.
const api = await createTestApi();

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function sequence(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // The low bits of this generator repeat quickly; the high ones do not.
    return Math.floor(state / 2 ** 12);
  };
}

const next = sequence(20_260_601);
const root = await createCategory(api, 'Average root');
const tree: CategoryJson[] = [root];
for (let i = 1; i < 14; i++) {
  // Each new category goes under a random earlier one: a tree several levels deep.
  tree.push(await createCategory(api, `Average node ${i}`, nth(tree, next() % tree.length).id));
}
const products: ProductJson[] = [];
for (let i = 0; i < 60; i++) {
  const cents = next() % 500_000;
  const price = `${Math.floor(cents / 100) + 1}.${String(cents % 100).padStart(2, '0')}`;
  products.push(
    await createProduct(api, {
      price,
      currency: next() % 4 === 0 ? 'USD' : 'KES',
      categoryId: nth(tree, next() % tree.length).id,
      active: next() % 6 !== 0,
    }),
  );
}
// Prices whose mean ends in exactly half a cent: 0.01 and 0.02 average 0.015, rounded up.
const halfway = await createCategory(api, 'Halfway');
for (const price of ['0.01', '0.02']) {
  products.push(await createProduct(api, { price, categoryId: halfway.id }));
}

/** The ids of a category and all its descendants, from the parent links the API returned. */
function subtreeOf(id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const category of tree) {
      if (category.parentId && ids.has(category.parentId) && !ids.has(category.id)) {
        ids.add(category.id);
        grew = true;
      }
    }
  }
  return ids;
}

function expectedAverages(categoryId: string) {
  const ids = subtreeOf(categoryId);
  const byCurrency = new Map<string, string[]>();
  for (const product of products) {
    if (product.active && product.categoryId && ids.has(product.categoryId)) {
      byCurrency.set(product.currency, [...(byCurrency.get(product.currency) ?? []), product.price]);
    }
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, prices]) => ({
      currency,
      averagePrice: exactAverage(prices),
      productCount: prices.length,
    }));
}

describe('average price of a category and its descendants', () => {
  it('matches an exact computation for every category of the tree', async () => {
    for (const category of tree) {
      const response = await api.inject({
        method: 'GET',
        url: `/v1/categories/${category.id}/average-price`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json(), category.name).toEqual({
        categoryId: category.id,
        averages: expectedAverages(category.id),
      });
    }
    expect(expectedAverages(root.id).map((average) => average.currency)).toEqual(['KES', 'USD']);
  });

  it('rounds half a cent up', async () => {
    const response = await api.inject({ method: 'GET', url: `/v1/categories/${halfway.id}/average-price` });
    expect(response.json().averages).toEqual([{ currency: 'KES', averagePrice: '0.02', productCount: 2 }]);
  });

  it('lists the same averages for every category in one answer, [] where there are none', async () => {
    const empty = await createCategory(api, 'No products here');
    const response = await api.inject({ method: 'GET', url: '/v1/categories/average-prices' });
    expect(response.statusCode).toBe(200);
    const items = new Map(
      response
        .json<{ items: { categoryId: string; averages: unknown[] }[] }>()
        .items.map((item) => [item.categoryId, item.averages]),
    );
    for (const category of tree) {
      expect(items.get(category.id), category.name).toEqual(expectedAverages(category.id));
    }
    expect(items.get(empty.id)).toEqual([]);
  });

  it('follows a product that becomes inactive or moves to another category', async () => {
    const before = expectedAverages(root.id);
    const moved = nth(
      products.filter((product) => product.active && product.currency === 'KES'),
      0,
    );
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/products/${moved.id}`,
      payload: { categoryId: halfway.id },
    });
    expect(response.statusCode).toBe(200);
    Object.assign(moved, response.json());
    const after = await api.inject({ method: 'GET', url: `/v1/categories/${root.id}/average-price` });
    expect(after.json().averages).toEqual(expectedAverages(root.id));
    expect(after.json().averages).not.toEqual(before);
  });
});
