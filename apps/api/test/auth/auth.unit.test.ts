import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../src/config.ts';
import { InvalidTokenError } from '../../src/features/auth/auth.errors.ts';
import { createIssuerMetadata } from '../../src/features/auth/issuer-metadata.ts';
import { oauthEndpoints, operationSecurity } from '../../src/features/auth/openapi-security.ts';
import { isMachineToken, resolveActor } from '../../src/features/auth/resolve-actor.ts';
import {
  accessDeclarationProblem,
  type RouteAccessConfig,
  routeAccess,
  scopeGrant,
} from '../../src/features/auth/route-access.ts';
import { readScopes } from '../../src/features/auth/scopes.ts';
import { createSigningKeys } from '../../src/features/auth/signing-keys.ts';
import { tokenRejection } from '../../src/features/auth/token-errors.ts';
import { bearerChallenge } from '../../src/features/auth/www-authenticate.ts';

const base = {
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_WEBHOOK_SECRET: 'a-secret-of-sixteen-chars',
  ADMIN_SESSION_SECRET: 'an-admin-session-secret-of-32-chars-or-more',
};

describe('OIDC configuration', () => {
  it('defaults to apps/idp and the API audience outside production', () => {
    const config = loadApiConfig({ ...base, NODE_ENV: 'development' });
    expect(config).toMatchObject({
      OIDC_ISSUER: 'http://localhost:3001',
      OIDC_AUDIENCE: 'urn:sokoni:api',
      OIDC_SCOPE_CLAIM: 'scope,scp',
      OIDC_CLOCK_TOLERANCE_S: 30,
    });
  });

  it('requires the issuer in production', () => {
    // Production also wants 256-bit secrets (test/config/production.unit.test.ts).
    const production = {
      ...base,
      NODE_ENV: 'production',
      AT_WEBHOOK_SECRET: randomBytes(32).toString('hex'),
      ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
    };
    expect(() => loadApiConfig(production)).toThrow(/OIDC_ISSUER is required/);
    expect(
      loadApiConfig({ ...production, OIDC_ISSUER: 'https://id.example.com/realms/sokoni' }).OIDC_ISSUER,
    ).toBe('https://id.example.com/realms/sokoni');
  });

  it.each(['HS256', 'none', 'RS256,HS512', 'rs256'])('refuses the algorithm list %s', (list) => {
    expect(() => loadApiConfig({ ...base, OIDC_ALGORITHMS: list })).toThrow(/OIDC_ALGORITHMS/);
  });

  it('accepts a narrower asymmetric list', () => {
    expect(loadApiConfig({ ...base, OIDC_ALGORITHMS: 'ES256,EdDSA' }).OIDC_ALGORITHMS).toBe('ES256,EdDSA');
  });
});

describe('scopes', () => {
  it('reads space-separated strings and arrays from each configured claim', () => {
    const payload = { scope: 'orders:read  customers:read', scp: ['orders:write', 7], roles: 'x' };
    expect([...readScopes(payload, ['scope', 'scp'])].sort()).toEqual([
      'customers:read',
      'orders:read',
      'orders:write',
    ]);
    expect([...readScopes(payload, ['roles'])]).toEqual(['x']);
    expect(readScopes({}, ['scope']).size).toBe(0);
  });
});

describe('actors', () => {
  const noCustomer = async () => undefined;
  const noMachineClients: ReadonlySet<string> = new Set();

  it.each([
    // RFC 9068 lets a client-credentials token's `sub` be its client id, but nothing stops a
    // provider from giving a person that `sub` too: equality is no signal.
    [{ sub: 'app', client_id: 'app' }, noMachineClients, false],
    [{ sub: 'app', azp: 'app' }, noMachineClients, false],
    [{ sub: 'user-1', client_id: 'web' }, noMachineClients, false],
    [{ sub: 'user-1', client_id: 'web', gty: 'password' }, noMachineClients, false],
    [{ sub: 'user-1', client_id: 'web', idtyp: 'user' }, noMachineClients, false],
    // The grant claims providers set: Auth0 and apps/idp `gty`, Entra ID `idtyp`.
    [{ sub: 'x@clients', azp: 'x', gty: 'client-credentials' }, noMachineClients, true],
    [{ sub: 'oid', azp: 'appid', idtyp: 'app' }, noMachineClients, true],
    // The allow-list of MACHINE_CLIENT_IDS, matched on `client_id`, else `azp`.
    [{ sub: 'f3c1', client_id: 'shop-backend' }, new Set(['shop-backend']), true],
    [{ sub: 'f3c1', azp: 'shop-backend' }, new Set(['shop-backend']), true],
    [{ sub: 'f3c1', client_id: 'web', azp: 'shop-backend' }, new Set(['shop-backend']), false],
    [{ sub: 'shop-backend', client_id: 'web' }, new Set(['shop-backend']), false],
  ])('machine token %j (allow-list %o): %s', (claims, machineClientIds, machine) => {
    expect(isMachineToken(claims, machineClientIds)).toBe(machine);
  });

  it.each([
    ['no sub at all', {}],
    ['no sub, but a client id', { client_id: 'shop-backend', gty: 'client-credentials' }],
    ['an empty sub', { sub: '', azp: 'shop-backend' }],
    ['a sub that is not a string', { sub: 42, client_id: 'shop-backend' }],
  ])('finds a token with %s invalid (RFC 9068 §2.2), staff scopes or not', async (_name, claims) => {
    for (const scopes of [new Set<string>(), new Set(['customers:read', 'orders:read'])]) {
      expect(
        await resolveActor({
          claims,
          scopes,
          machineClientIds: new Set(['shop-backend']),
          findCustomerIdBySubject: noCustomer,
        }),
      ).toEqual({ invalid: 'the token has no subject (sub)' });
    }
  });

  it('acts as the subject of a machine token, never its client id', async () => {
    const result = await resolveActor({
      claims: { sub: 'service-account-7', azp: 'shop-backend' },
      scopes: new Set(['orders:read']),
      machineClientIds: new Set(['shop-backend']),
      findCustomerIdBySubject: noCustomer,
    });
    expect(result).toEqual({
      actor: { id: 'service-account-7', customerId: null, scopes: new Set(['orders:read']) },
    });
  });

  it('refuses an unlinked end user whose sub equals its client id', async () => {
    const result = await resolveActor({
      claims: { sub: 'web', client_id: 'web' },
      scopes: new Set(['orders:read']),
      machineClientIds: noMachineClients,
      findCustomerIdBySubject: noCustomer,
    });
    expect(result).toEqual({
      refused: 'the token’s subject is linked to no customer and it carries no staff scope',
    });
  });

  it('never looks up a customer for a staff token', async () => {
    const result = await resolveActor({
      claims: { sub: 'customer-amina', client_id: 'web' },
      scopes: new Set(['customers:read']),
      machineClientIds: noMachineClients,
      findCustomerIdBySubject: async () => {
        throw new Error('must not be called');
      },
    });
    expect(result).toMatchObject({ actor: { id: 'customer-amina', customerId: null } });
  });
});

describe('route access', () => {
  it('is public outside /v1 and /admin, and for routes that say so', () => {
    expect(routeAccess('/healthz', undefined)).toEqual({ kind: 'public' });
    expect(routeAccess('/v1x', undefined)).toEqual({ kind: 'public' });
    expect(routeAccess('/v1/hook', { public: true })).toEqual({ kind: 'public' });
    expect(routeAccess('/v1/orders', { scopes: ['orders:read'] })).toEqual({
      kind: 'token',
      scopes: ['orders:read'],
    });
  });

  it('names routes without a usable declaration', () => {
    expect(accessDeclarationProblem({ method: ['GET', 'HEAD'], url: '/v1/x' }, { scopes: [] })).toBe(
      'GET,HEAD /v1/x declares neither config.scopes nor config.public',
    );
    expect(accessDeclarationProblem({ method: 'GET', url: '/docs' }, undefined)).toBeUndefined();
    expect(
      accessDeclarationProblem({ method: 'GET', url: '/v1/x' }, { scopes: ['orders:read'] }),
    ).toBeUndefined();
  });

  it('names routes whose scopes no token can hold, set where types do not reach', () => {
    // A plugin's onRoute hook or a cast can put any value in config.scopes; tsc cannot see it.
    const untyped = (scopes: unknown[]) => ({ scopes }) as RouteAccessConfig;
    const get = { method: 'GET', url: '/v1/x' };
    expect(accessDeclarationProblem(get, untyped(['orders:read', 'orders:wirte']))).toBe(
      'GET /v1/x declares unknown scopes "orders:wirte"',
    );
    expect(accessDeclarationProblem(get, untyped(['']))).toBe('GET /v1/x declares unknown scopes ""');
    expect(accessDeclarationProblem(get, untyped([7]))).toBe('GET /v1/x declares unknown scopes 7');
  });

  it('grants a customer’s own scopes only as a customer, and refuses a staff scope among them', () => {
    const access = { scopes: ['customers:read'], ownScopes: ['orders:read'] } as const;
    expect(scopeGrant(access, new Set(['customers:read']))).toBe('granted');
    expect(scopeGrant(access, new Set(['orders:read', 'catalog:read']))).toBe('as-customer');
    expect(scopeGrant(access, new Set(['catalog:read']))).toBe('refused');
    expect(scopeGrant({ scopes: ['customers:read'] }, new Set(['orders:read']))).toBe('refused');
    expect(routeAccess('/v1/customers/me', access)).toEqual({ kind: 'token', ...access });
    expect(
      accessDeclarationProblem(
        { method: 'GET', url: '/v1/x' },
        { scopes: ['customers:read'], ownScopes: ['notifications:read'] },
      ),
    ).toBe('GET /v1/x declares ownScopes that no customer holds: "notifications:read"');
    expect(operationSecurity('/v1/customers/me', access)).toEqual([
      { oauth2: ['customers:read'] },
      { oauth2: ['orders:read'] },
      { bearerAuth: [] },
    ]);
  });

  it('documents security only where it is enforced', () => {
    expect(operationSecurity('/healthz', undefined)).toBeUndefined();
    expect(operationSecurity('/v1/hook', { public: true })).toEqual([]);
    expect(operationSecurity('/v1/orders', { scopes: ['orders:read'] })).toEqual([
      { oauth2: ['orders:read'] },
      { bearerAuth: [] },
    ]);
  });

  it('falls back to oidc-provider’s endpoint paths before discovery', () => {
    expect(oauthEndpoints('https://id.example.com/', undefined)).toEqual({
      authorizationUrl: 'https://id.example.com/auth',
      tokenUrl: 'https://id.example.com/token',
    });
    expect(
      oauthEndpoints('https://id.example.com', {
        authorizationEndpoint: 'https://a',
        tokenEndpoint: 'https://t',
      }),
    ).toEqual({ authorizationUrl: 'https://a', tokenUrl: 'https://t' });
  });
});

describe('challenges and rejections', () => {
  it('quotes attribute values safely', () => {
    expect(bearerChallenge({ error: 'invalid_token', description: 'bad "quote" \\ and\nline' })).toBe(
      'Bearer realm="sokoni", error="invalid_token", error_description="bad quote  andline"',
    );
  });

  it('treats an unexpected verification error as an untrusted token, not a server error', () => {
    expect(tokenRejection(new Error('boom'))).toEqual({
      kind: 'invalid',
      description: 'the token cannot be verified',
      expected: false,
    });
    expect(tokenRejection(undefined)).toMatchObject({ kind: 'invalid', expected: false });
    expect(tokenRejection(Object.assign(new Error(''), { code: 'FAST_JWT_INVALID_TYPE' }))).toMatchObject({
      kind: 'invalid',
      description: 'the token is not valid',
    });
  });
});

describe('signing keys', () => {
  const unreachable = {
    get: async () => ({
      issuer: 'x',
      jwksUri: 'http://127.0.0.1:1/jwks',
      authorizationEndpoint: undefined,
      tokenEndpoint: undefined,
    }),
  };
  const keys = createSigningKeys({
    metadata: unreachable,
    algorithms: ['RS256'],
    cacheTtlMs: 1000,
    cooldownMs: 0,
    timeoutMs: 100,
  });

  it('refuses an algorithm or a kid that is missing or absurd before fetching anything', async () => {
    await expect(keys.getPublicKey({ alg: 'HS256', kid: 'a' })).rejects.toThrow(/HS256 is not accepted/);
    await expect(keys.getPublicKey({ alg: 'RS256' })).rejects.toThrow(/kid/);
    await expect(keys.getPublicKey({ alg: 'RS256', kid: 'k'.repeat(300) })).rejects.toThrow(/kid/);
  });

  it('reports keys that cannot be fetched as an invalid token', async () => {
    const refusal = keys.getPublicKey({ alg: 'RS256', kid: 'a' });
    await expect(refusal).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(refusal).rejects.toThrow(/signing keys cannot be fetched/);
  });
});

/** A provider that answers every request with 503, counting them. */
async function startFailingProvider() {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    issuer: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('issuer metadata', () => {
  it('reports a failing issuer as an invalid token and asks it again only after retryAfterMs', async () => {
    const provider = await startFailingProvider();
    try {
      let clock = 0;
      const metadata = createIssuerMetadata({
        issuer: provider.issuer,
        timeoutMs: 500,
        retryAfterMs: 1000,
        now: () => clock,
      });
      await expect(metadata.get()).rejects.toBeInstanceOf(InvalidTokenError);
      expect(provider.requests()).toBe(1);
      clock = 999;
      await expect(metadata.get()).rejects.toThrow(/cannot be reached/);
      expect(provider.requests()).toBe(1);
      clock = 1000;
      await expect(metadata.get()).rejects.toThrow(/cannot be reached/);
      expect(provider.requests()).toBe(2);
      expect(metadata.current()).toBeUndefined();
    } finally {
      await provider.close();
    }
  });
});
