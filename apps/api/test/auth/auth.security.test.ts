import { getClientCredentialsToken, startIdp } from '@sokoni/testing';
import { UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_SCOPES, createCustomer, createOrder, createTestApi } from '../helper.ts';
import {
  expectUnauthorized,
  idpSigningKey,
  publicPem,
  sign,
  snapshot,
  staffClaims,
  strangerKey,
} from '../support/auth.ts';

const api = await createTestApi();
const { idp } = api;
const customer = await createCustomer(api, { name: 'Target Customer' });
const order = await createOrder(api, customer.id);
const idpKey = await idpSigningKey(idp);
const now = () => Math.floor(Date.now() / 1000);

// A second provider with the same signing keys but its own issuer URL: its tokens carry a signature
// the API can verify, so only the issuer check stands between them and the data.
const twin = await startIdp({ dataDir: idp.dataDir });
// And a provider with keys of its own.
const stranger = await startIdp();
afterAll(async () => {
  await twin.close();
  await stranger.close();
});

function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** Each hostile Authorization header, and whether the answer names an invalid token (or no token at all). */
const attacks: Array<{
  name: string;
  /** What the `error_description` must say, so each case fails for the reason it is about. */
  reason?: RegExp;
  authorization: () => Promise<string | undefined>;
  missing?: true;
}> = [
  { name: 'no token', authorization: async () => undefined, missing: true },
  {
    name: 'a Basic credential instead of a bearer token',
    authorization: async () => 'Basic c29rb25pLWRldjpzb2tvbmktZGV2LXNlY3JldA==',
    missing: true,
  },
  {
    name: 'a bearer value that is not a JWT',
    reason: /malformed/,
    authorization: async () => 'Bearer not-a-jwt',
  },
  {
    name: 'an empty bearer value',
    reason: /Authorization header must be/,
    authorization: async () => 'Bearer ',
  },
  {
    name: 'alg none',
    reason: /algorithm none is not accepted/,
    authorization: async () => `Bearer ${new UnsecuredJWT(staffClaims(idp, ALL_SCOPES)).encode()}`,
  },
  {
    name: 'HS256 signed with the provider’s public key (key confusion)',
    reason: /algorithm HS256 is not accepted/,
    authorization: async () => {
      const secret = new TextEncoder().encode(await publicPem(idpKey.publicJwk));
      return `Bearer ${await sign(staffClaims(idp, ALL_SCOPES), secret, { alg: 'HS256', kid: idpKey.kid })}`;
    },
  },
  {
    name: 'a token from another issuer signed with a key the API trusts',
    reason: /iss/,
    authorization: async () => {
      const token = await getClientCredentialsToken({ issuer: twin.issuer, scope: ALL_SCOPES.join(' ') });
      return `Bearer ${token.accessToken}`;
    },
  },
  {
    name: 'a token from another issuer with its own keys',
    reason: /key/,
    authorization: async () => {
      const token = await getClientCredentialsToken({ issuer: stranger.issuer, scope: ALL_SCOPES.join(' ') });
      return `Bearer ${token.accessToken}`;
    },
  },
  {
    name: 'the right issuer and key but another audience',
    reason: /aud/,
    authorization: async () =>
      `Bearer ${await sign({ ...staffClaims(idp, ALL_SCOPES), aud: 'urn:someone-else:api' }, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`,
  },
  {
    name: 'an expired token (beyond the clock tolerance)',
    reason: /expired/,
    authorization: async () =>
      `Bearer ${await sign({ ...staffClaims(idp, ALL_SCOPES), iat: now() - 7200, exp: now() - 3600 }, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`,
  },
  {
    name: 'a token whose nbf is in the future',
    reason: /active/,
    authorization: async () =>
      `Bearer ${await sign({ ...staffClaims(idp, ALL_SCOPES), nbf: now() + 3600 }, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`,
  },
  {
    name: 'a token without exp',
    reason: /exp/,
    authorization: async () => {
      const { exp: _exp, ...claims } = staffClaims(idp, ALL_SCOPES);
      return `Bearer ${await sign(claims, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`;
    },
  },
  {
    // RFC 9068 §2.2: `sub` is required. A Keycloak (25+) client without its "basic" client scope
    // issues such tokens; once they counted as a machine client's and read every order.
    name: 'a token without sub, holding every staff scope',
    reason: /no subject \(sub\)/,
    authorization: async () => {
      const { sub: _sub, ...claims } = staffClaims(idp, ALL_SCOPES);
      return `Bearer ${await sign(claims, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`;
    },
  },
  {
    name: 'a token with an empty sub',
    reason: /no subject \(sub\)/,
    authorization: async () =>
      `Bearer ${await sign({ ...staffClaims(idp, ALL_SCOPES), sub: '' }, idpKey.key, { alg: 'RS256', kid: idpKey.kid })}`,
  },
  {
    name: 'a real token whose payload was changed (scopes added)',
    reason: /signature/,
    authorization: async () => {
      const token = await getClientCredentialsToken({ issuer: idp.issuer, scope: 'orders:read' });
      return `Bearer ${tamper(token.accessToken, (claims) => {
        claims.scope = ALL_SCOPES.join(' ');
      })}`;
    },
  },
  {
    name: 'a real token whose payload was changed (subject swapped)',
    reason: /signature/,
    authorization: async () => {
      const token = await getClientCredentialsToken({ issuer: idp.issuer, scope: ALL_SCOPES.join(' ') });
      return `Bearer ${tamper(token.accessToken, (claims) => {
        claims.sub = 'customer-baraka';
      })}`;
    },
  },
  {
    name: 'a token signed with an unknown kid',
    reason: /key/,
    authorization: async () =>
      `Bearer ${await sign(staffClaims(idp, ALL_SCOPES), await strangerKey(), { alg: 'RS256', kid: 'rotated-away' })}`,
  },
  {
    name: 'a token with the provider’s kid signed by another key',
    reason: /signature/,
    authorization: async () =>
      `Bearer ${await sign(staffClaims(idp, ALL_SCOPES), await strangerKey(), { alg: 'RS256', kid: idpKey.kid })}`,
  },
  {
    name: 'a token without kid',
    reason: /kid/,
    authorization: async () =>
      `Bearer ${await sign(staffClaims(idp, ALL_SCOPES), idpKey.key, { alg: 'RS256' })}`,
  },
];

describe('attack matrix: every hostile token is refused and nothing is read or changed', () => {
  it.each(attacks)('$name', async ({ authorization, missing, reason }) => {
    const header = await authorization();
    const headers = header === undefined ? {} : { authorization: header };
    const before = await snapshot(api);

    const read = await api.app.inject({ method: 'GET', url: `/v1/orders/${order.id}`, headers });
    const list = await api.app.inject({ method: 'GET', url: '/v1/customers', headers });
    const write = await api.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers,
      payload: { customerId: customer.id, item: 'Mchele 2kg', amount: '350.00' },
    });
    const change = await api.app.inject({ method: 'POST', url: `/v1/orders/${order.id}/cancel`, headers });

    for (const response of [read, list, write, change]) {
      expectUnauthorized(response, missing ? undefined : 'invalid_token');
      expect(response.body).not.toContain(customer.name);
      if (reason) {
        expect(String(response.headers['www-authenticate'])).toMatch(reason);
      }
    }
    expect(await snapshot(api)).toEqual(before);
  });
});

describe('the same requests with good tokens (the controls of the matrix)', () => {
  it('accepts a token the provider issued', async () => {
    const response = await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a token signed with the provider’s key and the right claims', async () => {
    const token = await sign(staffClaims(idp, ALL_SCOPES), idpKey.key, { alg: 'RS256', kid: idpKey.kid });
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/orders/${order.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('accepts a token that expired within the clock tolerance (30 s)', async () => {
    const token = await sign(
      { ...staffClaims(idp, ALL_SCOPES), iat: now() - 600, exp: now() - 5 },
      idpKey.key,
      { alg: 'RS256', kid: idpKey.kid },
    );
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/orders/${order.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it('accepts scopes given as an `scp` array', async () => {
    const { scope: _scope, ...claims } = staffClaims(idp, []);
    const token = await sign({ ...claims, scp: ['orders:read'] }, idpKey.key, {
      alg: 'RS256',
      kid: idpKey.kid,
    });
    const response = await api.app.inject({
      method: 'GET',
      url: `/v1/orders/${order.id}`,
      headers: { authorization: `bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
  });
});

describe('what stays public', () => {
  it.each(['/healthz', '/docs/json', '/docs'])('%s answers without a token', async (url) => {
    const response = await api.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBeLessThan(400);
  });

  it('an unknown path under /v1 needs a token before it says 404', async () => {
    const anonymous = await api.app.inject({ method: 'GET', url: '/v1/nothing-here' });
    expectUnauthorized(anonymous, undefined);
    const known = await api.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(known.statusCode).toBe(404);
  });
});
