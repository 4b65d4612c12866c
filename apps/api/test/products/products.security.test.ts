import { describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';
import { expectForbidden, expectUnauthorized } from '../support/auth.ts';
import { createProduct } from '../support/catalogue.ts';

const api = await createTestApi();
// Amina is apps/idp's demo customer; her login carries catalog:read and no staff scope.
await createCustomer(api, { name: 'Amina Wanjiru', phone: '0711 000 001', subject: 'customer-amina' });
const asAmina = { authorization: await api.customerAuthorization('amina') };
const product = await createProduct(api, { price: '120.00', stock: 4 });

describe('products: who may do what', () => {
  it('lets a customer read products', async () => {
    const list = await api.app.inject({ method: 'GET', url: '/v1/products', headers: asAmina });
    expect(list.statusCode).toBe(200);
    const one = await api.app.inject({ method: 'GET', url: `/v1/products/${product.id}`, headers: asAmina });
    expect(one.json()).toEqual(product);
  });

  it('refuses a customer every write with 403, changing nothing (no choosing its own price)', async () => {
    for (const request of [
      { method: 'POST' as const, url: '/v1/products', payload: { sku: 'MINE', name: 'Mine', price: '1.00' } },
      { method: 'PATCH' as const, url: `/v1/products/${product.id}`, payload: { price: '1.00' } },
      { method: 'DELETE' as const, url: `/v1/products/${product.id}` },
    ]) {
      expectForbidden(await api.app.inject({ ...request, headers: asAmina }), 'catalog:write');
    }
    expect((await api.inject({ method: 'GET', url: `/v1/products/${product.id}` })).json()).toEqual(product);
  });

  it('needs catalog:read to read', async () => {
    const orders = { authorization: await api.authorizationWithScopes(['orders:read']) };
    expectForbidden(
      await api.app.inject({ method: 'GET', url: '/v1/products', headers: orders }),
      'catalog:read',
    );
    expectUnauthorized(await api.app.inject({ method: 'GET', url: '/v1/products' }), undefined);
  });
});
