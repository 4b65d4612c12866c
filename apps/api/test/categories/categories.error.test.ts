import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import { createCategory, createProduct } from '../support/catalogue.ts';

const api = await createTestApi();

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    status,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
    instance: expect.any(String),
  });
}

describe('categories: errors', () => {
  it.each([
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a name of spaces', { name: '   ' }],
    ['a name too long', { name: 'x'.repeat(201) }],
    ['a parentId that is no uuid', { name: 'X', parentId: 'phones' }],
    ['an unknown field', { name: 'X', slug: 'chosen' }],
  ])('refuses %s with 400 and the field in errors[]', async (_, payload) => {
    const response = await api.inject({ method: 'POST', url: '/v1/categories', payload });
    expectProblem(response, 400);
    expect(response.json<{ errors: unknown[] }>().errors.length).toBeGreaterThan(0);
  });

  it('refuses an unknown parent with 422', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/categories',
      payload: { name: 'Orphan', parentId: randomUUID() },
    });
    expectProblem(response, 422);
    expect(response.json()).toMatchObject({ errors: [{ field: '/parentId' }] });
  });

  it('refuses a sibling with the same slug with 409, at the root too', async () => {
    const parent = await createCategory(api, 'Clash parent');
    await createCategory(api, 'Simu & Tablet', parent.id);
    const clash = await api.inject({
      method: 'POST',
      url: '/v1/categories',
      payload: { name: 'simu and tablet', parentId: parent.id },
    });
    expectProblem(clash, 409);
    expect(clash.json()).toMatchObject({ errors: [{ field: '/name' }] });
    await createCategory(api, 'Root clash');
    expectProblem(
      await api.inject({ method: 'POST', url: '/v1/categories', payload: { name: 'ROOT clash' } }),
      409,
    );

    const other = await createCategory(api, 'Something else', parent.id);
    const rename = await api.inject({
      method: 'PATCH',
      url: `/v1/categories/${other.id}`,
      payload: { name: 'Simu and Tablet' },
    });
    expectProblem(rename, 409);
  });

  it('answers 404 for an unknown category on every route', async () => {
    const id = randomUUID();
    for (const request of [
      { method: 'GET' as const, url: `/v1/categories/${id}` },
      { method: 'PATCH' as const, url: `/v1/categories/${id}`, payload: { name: 'X' } },
      { method: 'PATCH' as const, url: `/v1/categories/${id}`, payload: { parentId: null } },
      { method: 'DELETE' as const, url: `/v1/categories/${id}` },
      { method: 'GET' as const, url: `/v1/categories/${id}/average-price` },
    ]) {
      expectProblem(await api.inject(request), 404);
    }
  });

  it('refuses to move under an unknown parent with 422', async () => {
    const category = await createCategory(api, 'Stays put');
    const response = await api.inject({
      method: 'PATCH',
      url: `/v1/categories/${category.id}`,
      payload: { parentId: randomUUID() },
    });
    expectProblem(response, 422);
  });

  it('refuses to delete a category with children or products (409), keeping it', async () => {
    const parent = await createCategory(api, 'Has children');
    await createCategory(api, 'A child', parent.id);
    const withChildren = await api.inject({ method: 'DELETE', url: `/v1/categories/${parent.id}` });
    expectProblem(withChildren, 409);
    expect(withChildren.json<{ detail: string }>().detail).toContain('children');

    const stocked = await createCategory(api, 'Has products');
    await createProduct(api, { categoryId: stocked.id });
    const withProducts = await api.inject({ method: 'DELETE', url: `/v1/categories/${stocked.id}` });
    expectProblem(withProducts, 409);
    expect(withProducts.json<{ detail: string }>().detail).toContain('products');

    for (const id of [parent.id, stocked.id]) {
      expect((await api.inject({ method: 'GET', url: `/v1/categories/${id}` })).statusCode).toBe(200);
    }
  });

  it('refuses bad list and tree queries with 400', async () => {
    for (const url of [
      '/v1/categories?limit=0',
      '/v1/categories?limit=101',
      '/v1/categories?cursor=nonsense',
      '/v1/categories?parentId=x',
      '/v1/categories/tree?depth=-1',
      '/v1/categories/tree?depth=deep',
      '/v1/categories/tree?depth=2147483648',
      '/v1/categories/tree?depth=1e300',
      '/v1/categories/not-a-uuid',
    ]) {
      expectProblem(await api.inject({ method: 'GET', url }), 400);
    }
  });

  it('refuses an empty PATCH with 400', async () => {
    const category = await createCategory(api, 'Patch me');
    expectProblem(
      await api.inject({ method: 'PATCH', url: `/v1/categories/${category.id}`, payload: {} }),
      400,
    );
  });
});
