import { categories, createDb } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import {
  type CategoryJson,
  createCategory,
  createChain,
  createProduct,
  expectConsistentTree,
  nth,
} from '../support/catalogue.ts';

// Moving subtrees: every descendant's path and depth follow, a move into its own subtree is
// refused, and concurrent moves leave a tree whose paths agree with its parent links.
const api = await createTestApi();
const handle = createDb({ url: api.databaseUrl, max: 2 });
const { db } = handle;
afterAll(() => handle.close());

function move(id: string, parentId: string | null) {
  return api.inject({ method: 'PATCH', url: `/v1/categories/${id}`, payload: { parentId } });
}

async function storedRows() {
  return (await db.select().from(categories)).sort((a, b) => a.id.localeCompare(b.id));
}

describe('category moves', () => {
  it('keeps a tree forty levels deep, and moves its lower half under another root', async () => {
    const chain = await createChain(api, 'Deep', 40);
    expect(chain.at(-1)?.depth).toBe(39);
    const other = await createChain(api, 'Other', 3);

    const response = await move(nth(chain, 20).id, nth(other, 2).id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: nth(chain, 20).id, parentId: nth(other, 2).id, depth: 3 });

    const rows = await expectConsistentTree(db);
    for (const [level, category] of chain.entries()) {
      expect(rows.get(category.id)?.depth).toBe(level < 20 ? level : level - 20 + 3);
    }
    expect(
      rows
        .get(nth(chain, 39).id)
        ?.path.startsWith(`${nth(other, 0).id}/${nth(other, 1).id}/${nth(other, 2).id}/`),
    ).toBe(true);
  });

  it('keeps a tree 300 levels deep, lists it, averages it, and moves a deep subtree under another deep category', async () => {
    // Far past the 73 levels a whole path could be indexed: nothing refuses or truncates it.
    const chain = await createChain(api, 'Very deep', 300);
    expect(chain.at(-1)?.depth).toBe(299);
    const other = await createChain(api, 'Far branch', 120);
    await createProduct(api, { categoryId: nth(chain, 230).id, price: '10.00' });
    await createProduct(api, { categoryId: nth(chain, 299).id, price: '20.01' });

    const tree = await api.inject({ method: 'GET', url: '/v1/categories/tree' });
    expect(tree.statusCode, tree.body).toBe(200);
    type Node = { id: string; depth: number; children: Node[] };
    let node = tree.json<{ items: Node[] }>().items.find((root) => root.id === nth(chain, 0).id);
    for (const category of chain) {
      expect(node?.id).toBe(category.id);
      node = node?.children[0];
    }
    expect(node).toBeUndefined();
    const cut = await api.inject({ method: 'GET', url: '/v1/categories/tree?depth=150' });
    expect(cut.statusCode, cut.body).toBe(200);
    expect(JSON.stringify(cut.json())).toContain(nth(chain, 150).id);
    expect(JSON.stringify(cut.json())).not.toContain(nth(chain, 151).id);
    const whole = await api.inject({ method: 'GET', url: '/v1/categories/tree?depth=2147483647' });
    expect(whole.json()).toEqual(tree.json());

    const average = await api.inject({
      method: 'GET',
      url: `/v1/categories/${nth(chain, 200).id}/average-price`,
    });
    expect(average.json()).toMatchObject({
      averages: [{ currency: 'KES', averagePrice: '15.01', productCount: 2 }],
    });

    const response = await move(nth(chain, 250).id, nth(other, 100).id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      id: nth(chain, 250).id,
      parentId: nth(other, 100).id,
      depth: 101,
    });
    const rows = await expectConsistentTree(db);
    expect(rows.get(nth(chain, 299).id)?.depth).toBe(101 + 49);
    expect(rows.get(nth(chain, 299).id)?.path.startsWith(rows.get(nth(other, 100).id)?.path ?? '-')).toBe(
      true,
    );
    // The moved products now count under their new ancestors and no longer under their old ones.
    const left = await api.inject({
      method: 'GET',
      url: `/v1/categories/${nth(chain, 200).id}/average-price`,
    });
    expect(left.json()).toMatchObject({ averages: [{ averagePrice: '10.00', productCount: 1 }] });
    const arrived = await api.inject({
      method: 'GET',
      url: `/v1/categories/${nth(other, 50).id}/average-price`,
    });
    expect(arrived.json()).toMatchObject({ averages: [{ averagePrice: '20.01', productCount: 1 }] });

    const deeper = await createCategory(api, 'Below the moved chain', nth(chain, 299).id);
    expect(deeper.depth).toBe(151);
    expect((await move(nth(other, 0).id, deeper.id)).statusCode).toBe(409);
  });

  it('moves a wide subtree to the root and back, every descendant following', async () => {
    const root = await createCategory(api, 'Wide root');
    const branch = await createCategory(api, 'Branch', root.id);
    const leaves: CategoryJson[] = [];
    for (let i = 0; i < 6; i++) {
      const child = await createCategory(api, `Child ${i}`, branch.id);
      leaves.push(child, ...(await createChain(api, `Grandchild ${i}`, 2, child.id)));
    }
    expect((await move(branch.id, null)).json()).toMatchObject({ parentId: null, depth: 0 });
    let rows = await expectConsistentTree(db);
    expect(leaves.map((leaf) => rows.get(leaf.id)?.depth).sort()).toEqual(
      leaves.map((leaf) => leaf.depth - 1).sort(),
    );
    expect((await move(branch.id, root.id)).json()).toMatchObject({ parentId: root.id, depth: 1 });
    rows = await expectConsistentTree(db);
    expect(leaves.map((leaf) => rows.get(leaf.id)?.depth)).toEqual(leaves.map((leaf) => leaf.depth));
  });

  it('renames and moves in one request', async () => {
    const from = await createCategory(api, 'From');
    const to = await createCategory(api, 'To');
    const moved = await createCategory(api, 'Moved', from.id);
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/categories/${moved.id}`,
      payload: { name: 'Moved and renamed', parentId: to.id },
    });
    expect(response.json()).toMatchObject({
      name: 'Moved and renamed',
      slug: 'moved-and-renamed',
      parentId: to.id,
    });
    await expectConsistentTree(db);
  });

  it('refuses a move under itself or any of its descendants with 409, changing nothing', async () => {
    const chain = await createChain(api, 'Cycle', 6);
    const before = await storedRows();
    for (const target of chain.slice(1)) {
      for (const moved of chain.filter((category) => category.depth <= target.depth)) {
        const response = await move(moved.id, target.id);
        expect(response.statusCode, `${moved.name} under ${target.name}`).toBe(409);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.json()).toMatchObject({ status: 409, errors: [{ field: '/parentId' }] });
      }
    }
    expect(await storedRows()).toEqual(before);
  });

  it('refuses a move that would put two siblings on one slug (409), changing nothing', async () => {
    const left = await createCategory(api, 'Left side');
    const right = await createCategory(api, 'Right side');
    await createCategory(api, 'Same name', left.id);
    const twin = await createCategory(api, 'Same name', right.id);
    const before = await storedRows();
    const response = await move(twin.id, left.id);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ errors: [{ field: '/name' }] });
    expect(await storedRows()).toEqual(before);
  });

  it('leaves a consistent tree after many concurrent moves, including opposite ones', async () => {
    const roots = await Promise.all(
      ['Race A', 'Race B', 'Race C', 'Race D'].map((name) => createChain(api, name, 4)),
    );
    const all = roots.flat();
    // Every chosen node under every other, at once, so A under B races B under A: applied
    // blindly, half of these would make cycles.
    const chosen = roots.flatMap((chain) => [nth(chain, 1), nth(chain, 3)]);
    const attempts = chosen.flatMap((moved) =>
      chosen.filter((to) => to !== moved).map((to) => [moved, to] as const),
    );
    const responses = await Promise.all(attempts.map(([moved, to]) => move(moved.id, to.id)));
    for (const response of responses) {
      expect([200, 409], response.body).toContain(response.statusCode);
    }
    expect(responses.some((response) => response.statusCode === 200)).toBe(true);
    const rows = await expectConsistentTree(db);
    for (const category of all) {
      expect(rows.has(category.id)).toBe(true);
    }
  });

  it('adds children concurrently with moves of their ancestors without losing any', async () => {
    const chain = await createChain(api, 'Busy', 5);
    const target = await createCategory(api, 'Busy target');
    const work = [
      move(nth(chain, 1).id, target.id),
      ...Array.from({ length: 8 }, (_, i) => createCategory(api, `New leaf ${i}`, nth(chain, 4).id)),
      move(nth(chain, 1).id, nth(chain, 0).id),
      ...Array.from({ length: 8 }, (_, i) => createCategory(api, `New twig ${i}`, nth(chain, 2).id)),
    ];
    await Promise.all(work);
    const rows = await expectConsistentTree(db);
    const leaves = [...rows.values()].filter((row) => row.parentId === nth(chain, 4).id);
    expect(leaves).toHaveLength(8);
    expect(new Set(leaves.map((row) => row.depth))).toEqual(
      new Set([(rows.get(nth(chain, 4).id)?.depth ?? -2) + 1]),
    );
  });
});
