import { getClientCredentialsToken } from '@sokoni/testing';
import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';
import { expectForbidden, idpSigningKey, sign } from '../support/auth.ts';

// A token without a staff scope sees every order only as a machine client's, and a machine
// client is recognised by explicit signals alone: a grant claim the provider sets, or a client
// id listed in MACHINE_CLIENT_IDS. Nothing in the token a person could also have (a `sub` equal
// to a client id, a missing `sub`) makes it one.
const api = await createTestApi({ MACHINE_CLIENT_IDS: 'shop-backend, billing' });
const { idp } = api;
const idpKey = await idpSigningKey(idp);
const amina = await createCustomer(api, { name: 'Amina', phone: '0711 000 101', subject: 'amina-sub' });
const baraka = await createCustomer(api, { name: 'Baraka', phone: '0711 000 102' });
const aminasOrder = await createOrder(api, amina.id);
const barakasOrder = await createOrder(api, baraka.id);

/** A token apps/idp could have signed: right issuer, audience and key, only `orders:read`. */
async function ordersReader(claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const token = await sign(
    { iss: idp.issuer, aud: idp.audience, scope: 'orders:read', iat: now, exp: now + 600, ...claims },
    idpKey.key,
    { alg: 'RS256', kid: idpKey.kid },
  );
  return `Bearer ${token}`;
}

async function listOrders(authorization: string) {
  return api.app.inject({ method: 'GET', url: '/v1/orders', headers: { authorization } });
}

function orderIds(response: { json: <T>() => T }): string[] {
  return response.json<{ items: Array<{ id: string }> }>().items.map((order) => order.id);
}

describe('machine tokens are recognised by explicit signals only', () => {
  it.each([
    ['a sub equal to its client_id', { sub: 'web-app', client_id: 'web-app' }],
    ['a sub equal to its azp', { sub: 'web-app', azp: 'web-app' }],
    ['a grant claim other than client credentials', { sub: 'u-1', client_id: 'web-app', gty: 'password' }],
    ['an allow-listed id in sub only', { sub: 'shop-backend', client_id: 'web-app' }],
  ])('refuses an unlinked token with %s (403)', async (_name, claims) => {
    const response = await listOrders(await ordersReader(claims));
    expectForbidden(response);
    expect(String(response.headers['www-authenticate'])).toContain('linked to no customer');
    expect(response.body).not.toContain(aminasOrder.number);
  });

  it.each([
    ['gty: client-credentials (Auth0, apps/idp)', { sub: 'x@clients', azp: 'x', gty: 'client-credentials' }],
    ['idtyp: app (Entra ID)', { sub: 'oid-1', azp: 'app-1', idtyp: 'app' }],
    ['a client_id in MACHINE_CLIENT_IDS (Keycloak)', { sub: 'f3c1-uuid', client_id: 'shop-backend' }],
    ['an azp in MACHINE_CLIENT_IDS', { sub: 'f3c1-uuid', azp: 'billing' }],
  ])('lets a machine token with %s see every order', async (_name, claims) => {
    const response = await listOrders(await ordersReader(claims));
    expect(response.statusCode, response.body).toBe(200);
    expect(orderIds(response)).toEqual(expect.arrayContaining([aminasOrder.id, barakasOrder.id]));
  });

  it('lets apps/idp’s client-credentials token (it sets gty) see every order', async () => {
    const token = await getClientCredentialsToken({ issuer: idp.issuer, scope: 'orders:read' });
    const response = await listOrders(`Bearer ${token.accessToken}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(orderIds(response)).toEqual(expect.arrayContaining([aminasOrder.id, barakasOrder.id]));
  });

  it('keeps a customer’s own login to its own orders even when its client is allow-listed', async () => {
    const response = await listOrders(await ordersReader({ sub: 'amina-sub', azp: 'shop-backend' }));
    expect(response.statusCode, response.body).toBe(200);
    expect(orderIds(response)).toEqual([aminasOrder.id]);
  });
});

describe('without MACHINE_CLIENT_IDS', () => {
  it('refuses a client that only the allow-list named', async () => {
    const plain = await createTestApi();
    const response = await plain.app.inject({
      method: 'GET',
      url: '/v1/orders',
      headers: { authorization: await ordersReader({ sub: 'f3c1-uuid', client_id: 'shop-backend' }) },
    });
    expectForbidden(response);
  });
});
