import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import { type CategoryJson, createCategory } from '../support/catalogue.ts';

const api = await createTestApi();

interface TreeNode {
  id: string;
  name: string;
  slug: string;
  depth: number;
  children: TreeNode[];
}

describe('categories: happy paths', () => {
  it('creates a root and a child, with slugs from the names and depths from the tree', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/categories',
      payload: { name: '  Vifaa vya Jikoni & Café ' },
    });
    expect(response.statusCode).toBe(201);
    const root = response.json<CategoryJson>();
    expect(root).toMatchObject({
      name: 'Vifaa vya Jikoni & Café',
      slug: 'vifaa-vya-jikoni-and-cafe',
      parentId: null,
      depth: 0,
    });
    expect(response.headers.location).toBe(`/v1/categories/${root.id}`);

    const child = await createCategory(api, 'Sufuria', root.id);
    expect(child).toMatchObject({ slug: 'sufuria', parentId: root.id, depth: 1 });
    const read = await api.inject({ method: 'GET', url: `/v1/categories/${child.id}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(child);
  });

  it('allows the same slug under different parents', async () => {
    const phones = await createCategory(api, 'Phones A');
    const tablets = await createCategory(api, 'Tablets A');
    const first = await createCategory(api, 'Android', phones.id);
    const second = await createCategory(api, 'Android', tablets.id);
    expect(first.slug).toBe(second.slug);
  });

  it('renames a category, changing its slug', async () => {
    const category = await createCategory(api, 'Simu');
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/categories/${category.id}`,
      payload: { name: 'Simu Janja' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id: category.id,
      name: 'Simu Janja',
      slug: 'simu-janja',
      depth: 0,
    });
  });

  it('deletes a leaf category', async () => {
    const category = await createCategory(api, 'Temporary');
    const deleted = await api.inject({ method: 'DELETE', url: `/v1/categories/${category.id}` });
    expect(deleted.statusCode).toBe(204);
    expect((await api.inject({ method: 'GET', url: `/v1/categories/${category.id}` })).statusCode).toBe(404);
  });

  it('lists categories newest first, page by page, and the children of one parent', async () => {
    const parent = await createCategory(api, 'Paged parent');
    const children = [];
    for (let i = 0; i < 5; i++) {
      children.push(await createCategory(api, `Paged child ${i}`, parent.id));
    }
    const seen: string[] = [];
    let url = `/v1/categories?parentId=${parent.id}&limit=2`;
    for (let page = 0; page < 5; page++) {
      const response = await api.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: CategoryJson[]; nextCursor: string | null }>();
      seen.push(...body.items.map((item) => item.id));
      if (!body.nextCursor) {
        break;
      }
      url = `/v1/categories?parentId=${parent.id}&limit=2&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual(children.map((child) => child.id).reverse());

    const all = await api.inject({ method: 'GET', url: '/v1/categories?limit=100' });
    expect(all.json().items.map((item: CategoryJson) => item.id)).toContain(parent.id);
  });

  it('returns the tree nested, siblings by name, down to a depth limit', async () => {
    const root = await createCategory(api, 'All Products');
    const electronics = await createCategory(api, 'Electronics', root.id);
    const phones = await createCategory(api, 'Phones', electronics.id);
    const android = await createCategory(api, 'Android', phones.id);
    const apple = await createCategory(api, 'Apple', phones.id);
    const food = await createCategory(api, 'Chakula', root.id);

    const full = await api.inject({ method: 'GET', url: '/v1/categories/tree' });
    expect(full.statusCode).toBe(200);
    const node = full.json<{ items: TreeNode[] }>().items.find((item) => item.id === root.id);
    expect(node).toEqual({
      id: root.id,
      name: 'All Products',
      slug: 'all-products',
      depth: 0,
      children: [
        { id: food.id, name: 'Chakula', slug: 'chakula', depth: 1, children: [] },
        {
          id: electronics.id,
          name: 'Electronics',
          slug: 'electronics',
          depth: 1,
          children: [
            {
              id: phones.id,
              name: 'Phones',
              slug: 'phones',
              depth: 2,
              children: [
                { id: android.id, name: 'Android', slug: 'android', depth: 3, children: [] },
                { id: apple.id, name: 'Apple', slug: 'apple', depth: 3, children: [] },
              ],
            },
          ],
        },
      ],
    });

    const limited = await api.inject({ method: 'GET', url: '/v1/categories/tree?depth=1' });
    const shallow = limited.json<{ items: TreeNode[] }>().items.find((item) => item.id === root.id);
    expect(shallow?.children.map((child) => [child.name, child.children])).toEqual([
      ['Chakula', []],
      ['Electronics', []],
    ]);
    const roots = await api.inject({ method: 'GET', url: '/v1/categories/tree?depth=0' });
    for (const item of roots.json<{ items: TreeNode[] }>().items) {
      expect(item).toMatchObject({ depth: 0, children: [] });
    }
  });
});
