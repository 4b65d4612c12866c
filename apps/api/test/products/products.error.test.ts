import { randomUUID } from 'node:crypto';
import { createDb, orderItems } from '@sokoni/db';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { createProduct } from '../support/catalogue.ts';

const api = await createTestApi();
const handle = createDb({ url: api.databaseUrl, max: 1 });
afterAll(() => handle.close());

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
}

const valid = { sku: 'VALID-1', name: 'Valid', price: '10.00' };

describe('products: errors', () => {
  it.each([
    ['no sku', { name: 'X', price: '1.00' }],
    ['no price', { sku: 'NO-PRICE', name: 'X' }],
    ['a price as a number', { ...valid, price: 10 }],
    ['a zero price', { ...valid, price: '0.00' }],
    ['a negative price', { ...valid, price: '-1.00' }],
    ['three decimals', { ...valid, price: '1.005' }],
    ['a negative stock', { ...valid, stock: -1 }],
    ['a fractional stock', { ...valid, stock: 1.5 }],
    ['a lower-case currency', { ...valid, currency: 'kes' }],
    ['a sku with spaces', { ...valid, sku: 'has space' }],
    ['an unknown field', { ...valid, colour: 'red' }],
  ])('refuses %s with 400 and errors[]', async (_, payload) => {
    const response = await api.inject({ method: 'POST', url: '/v1/products', payload });
    expectProblem(response, 400);
    expect(response.json<{ errors: unknown[] }>().errors.length).toBeGreaterThan(0);
  });

  it('refuses a taken sku with 409, on create and on change', async () => {
    const first = await createProduct(api, { sku: 'TAKEN-SKU' });
    expectProblem(
      await api.inject({ method: 'POST', url: '/v1/products', payload: { ...valid, sku: 'TAKEN-SKU' } }),
      409,
    );
    const second = await createProduct(api);
    const patch = await api.inject({
      method: 'PATCH',
      url: `/v1/products/${second.id}`,
      payload: { sku: first.sku },
    });
    expectProblem(patch, 409);
    expect(patch.json()).toMatchObject({ errors: [{ field: '/sku' }] });
  });

  it('refuses an unknown category with 422', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/products',
      payload: { ...valid, sku: 'ORPHAN', categoryId: randomUUID() },
    });
    expectProblem(response, 422);
    expect(response.json()).toMatchObject({ errors: [{ field: '/categoryId' }] });
  });

  it('answers 404 for an unknown product', async () => {
    const id = randomUUID();
    for (const request of [
      { method: 'GET' as const, url: `/v1/products/${id}` },
      { method: 'PATCH' as const, url: `/v1/products/${id}`, payload: { stock: 1 } },
      { method: 'DELETE' as const, url: `/v1/products/${id}` },
    ]) {
      expectProblem(await api.inject(request), 404);
    }
  });

  it('refuses to delete a product on an order line (409) and lets it be made inactive instead', async () => {
    const product = await createProduct(api);
    const customer = await createCustomer(api);
    const order = await createOrder(api, customer.id);
    await handle.db.insert(orderItems).values({
      orderId: order.id,
      productId: product.id,
      position: 0,
      name: product.name,
      unitPrice: product.price,
      quantity: 1,
      lineTotal: product.price,
    });
    const response = await api.inject({ method: 'DELETE', url: `/v1/products/${product.id}` });
    expectProblem(response, 409);
    expect(response.json<{ detail: string }>().detail).toContain('inactive');
    const retired = await api.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      payload: { active: false },
    });
    expect(retired.json()).toMatchObject({ id: product.id, active: false });
  });

  it('refuses bad list queries with 400', async () => {
    for (const query of [
      'minPrice=abc',
      'maxPrice=-5',
      'inStock=maybe',
      'maxStock=-1',
      'categoryId=x',
      'limit=500',
    ]) {
      expectProblem(await api.inject({ method: 'GET', url: `/v1/products?${query}` }), 400);
    }
  });
});
