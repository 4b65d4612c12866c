import { describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';
import { expectForbidden, expectUnauthorized } from '../support/auth.ts';
import { createCategory } from '../support/catalogue.ts';

const api = await createTestApi();
// Amina is apps/idp's demo customer; her login carries catalog:read and no staff scope.
await createCustomer(api, { name: 'Amina Wanjiru', phone: '0711 000 001', subject: 'customer-amina' });
const asAmina = { authorization: await api.customerAuthorization('amina') };
const category = await createCategory(api, 'Guarded');

describe('categories: who may do what', () => {
  it('lets a customer read the catalogue', async () => {
    for (const url of [
      '/v1/categories',
      '/v1/categories/tree',
      '/v1/categories/average-prices',
      `/v1/categories/${category.id}`,
      `/v1/categories/${category.id}/average-price`,
    ]) {
      const response = await api.app.inject({ method: 'GET', url, headers: asAmina });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('refuses a customer every write with 403 naming catalog:write, changing nothing', async () => {
    for (const request of [
      { method: 'POST' as const, url: '/v1/categories', payload: { name: 'Mine' } },
      { method: 'PATCH' as const, url: `/v1/categories/${category.id}`, payload: { name: 'Mine' } },
      { method: 'DELETE' as const, url: `/v1/categories/${category.id}` },
    ]) {
      expectForbidden(await api.app.inject({ ...request, headers: asAmina }), 'catalog:write');
    }
    expect((await api.inject({ method: 'GET', url: `/v1/categories/${category.id}` })).json()).toEqual(
      category,
    );
  });

  it('needs catalog:read to read and catalog:write to write', async () => {
    const withoutCatalog = {
      authorization: await api.authorizationWithScopes(['customers:read', 'orders:read']),
    };
    expectForbidden(
      await api.app.inject({ method: 'GET', url: '/v1/categories/tree', headers: withoutCatalog }),
      'catalog:read',
    );
    const readOnly = { authorization: await api.authorizationWithScopes(['catalog:read']) };
    expect(
      (await api.app.inject({ method: 'GET', url: '/v1/categories', headers: readOnly })).statusCode,
    ).toBe(200);
    expectForbidden(
      await api.app.inject({
        method: 'POST',
        url: '/v1/categories',
        payload: { name: 'X' },
        headers: readOnly,
      }),
      'catalog:write',
    );
    const writer = { authorization: await api.authorizationWithScopes(['catalog:write']) };
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/categories',
      payload: { name: 'By a writer' },
      headers: writer,
    });
    expect(created.statusCode).toBe(201);
  });

  it('refuses a request without a token with 401', async () => {
    expectUnauthorized(await api.app.inject({ method: 'GET', url: '/v1/categories/tree' }), undefined);
  });
});
