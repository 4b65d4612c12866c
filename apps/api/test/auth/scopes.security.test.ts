import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { ALL_SCOPES, createCustomer, createOrder, createTestApi } from '../helper.ts';
import { expectForbidden, expectUnauthorized, snapshot } from '../support/auth.ts';

const api = await createTestApi();
const customer = await createCustomer(api);
await createOrder(api, customer.id);
await api.app.ready();

// Generated from the routes the API really has (every route added after the auth plugin), so a
// new route is in this matrix without anyone remembering to add it.
const protectedRoutes = api.app
  .routeAccessTable()
  .filter((route) => route.access.kind === 'token' && route.method !== 'HEAD')
  .map((route) => ({
    method: route.method,
    url: route.url,
    path: route.url.replace(/:[^/]+/g, randomUUID()).replace(/\*/g, 'x'),
    scopes: route.access.kind === 'token' ? route.access.scopes : [],
  }));

const cases = protectedRoutes.flatMap((route) =>
  route.scopes.map((missing) => ({
    ...route,
    missing,
    label: `${route.method} ${route.url} without ${missing}`,
  })),
);

describe('the route table', () => {
  it('has the routes of every feature, each with scopes', () => {
    const names = protectedRoutes.map((route) => `${route.method} ${route.url}`);
    expect(names).toEqual(
      expect.arrayContaining(['POST /v1/customers', 'GET /v1/orders', 'POST /v1/orders/:id/status']),
    );
    for (const route of protectedRoutes) {
      expect(route.scopes.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
    }
  });
});

describe('missing scope on every route', () => {
  const before = snapshot(api);

  it.each(protectedRoutes.map((route) => ({ ...route, label: `${route.method} ${route.url}` })))(
    '$label: 401 without a token, 403 with a token holding no scope',
    async ({ method, path, scopes }) => {
      const anonymous = await api.app.inject({ method: method as 'GET', url: path, payload: {} });
      expectUnauthorized(anonymous, undefined);
      const none = await api.app.inject({
        method: method as 'GET',
        url: path,
        payload: {},
        headers: { authorization: await api.authorizationWithScopes([]) },
      });
      expectForbidden(none, scopes.join(' '));
    },
  );

  it.each(cases)('$label: 403 naming the scopes needed', async ({ method, path, scopes, missing }) => {
    const authorization = await api.authorizationWithScopes(ALL_SCOPES.filter((scope) => scope !== missing));
    const response = await api.app.inject({
      method: method as 'GET',
      url: path,
      payload: {},
      headers: { authorization },
    });
    expectForbidden(response, scopes.join(' '));
    expect(String(response.headers['www-authenticate'])).toContain(missing);
  });

  it.each(protectedRoutes.map((route) => ({ ...route, label: `${route.method} ${route.url}` })))(
    '$label: its own scopes are enough to get past authorisation',
    async ({ method, path, scopes }) => {
      const authorization = await api.authorizationWithScopes(scopes);
      const response = await api.app.inject({
        method: method as 'GET',
        url: path,
        payload: {},
        headers: { authorization },
      });
      expect(response.statusCode, response.body).not.toBe(401);
      expect(response.statusCode, response.body).not.toBe(403);
    },
  );

  it('changed nothing', async () => {
    expect(await snapshot(api)).toEqual(await before);
  });
});

describe('a route that forgets its scope', () => {
  it.each(['/v1/forgotten', '/admin/forgotten'])('%s stops the API from starting', async (url) => {
    const app = await buildApp(api.config);
    app.get(url, async () => ({ leaked: true }));
    await expect(app.ready()).rejects.toThrow(`GET ${url} declares neither config.scopes nor config.public`);
    await app.close();
  });

  it('a misspelt scope fails tsc, and stops the API from starting', async () => {
    const app = await buildApp(api.config);
    // @ts-expect-error 'orders:wirte' is no Scope of @sokoni/contracts: tsc refuses this line.
    app.get('/v1/misspelt', { config: { scopes: ['orders:wirte'] } }, async () => ({ denied: 'everyone' }));
    await expect(app.ready()).rejects.toThrow('GET /v1/misspelt declares unknown scopes "orders:wirte"');
    await app.close();
  });

  it('a route that says it is public starts, and is served without a token', async () => {
    const app = await buildApp(api.config);
    app.get('/v1/open-by-design', { config: { public: true } }, async () => ({ open: true }));
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/v1/open-by-design' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('the OpenAPI document', () => {
  interface Operation {
    security?: Array<Record<string, string[]>>;
  }
  const load = async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    return response.json<{
      paths: Record<string, Record<string, Operation>>;
      components: { securitySchemes: Record<string, Record<string, unknown>> };
    }>();
  };

  it('declares the security of every route under /v1, with the scopes the API enforces', async () => {
    const document = await load();
    const documented = api.app
      .routeAccessTable()
      .filter((route) => route.url.startsWith('/v1') && route.method !== 'HEAD');
    expect(documented.length).toBeGreaterThan(0);
    for (const route of documented) {
      const path = route.url.replace(/:([^/]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${path} is documented`).toBeDefined();
      const own =
        route.access.kind === 'token' && route.access.ownScopes
          ? [{ oauth2: [...route.access.ownScopes] }]
          : [];
      const expected =
        route.access.kind === 'public'
          ? []
          : [{ oauth2: [...route.access.scopes] }, ...own, { bearerAuth: [] }];
      expect(operation?.security, `${route.method} ${path}`).toEqual(expected);
    }
  });

  it('offers OAuth2 client credentials and authorization code at the issuer, and a bearer JWT', async () => {
    const { securitySchemes } = (await load()).components;
    expect(securitySchemes.bearerAuth).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    );
    expect(securitySchemes.oauth2).toMatchObject({
      type: 'oauth2',
      flows: {
        clientCredentials: { tokenUrl: `${api.idp.issuer}/token` },
        authorizationCode: {
          authorizationUrl: `${api.idp.issuer}/auth`,
          tokenUrl: `${api.idp.issuer}/token`,
        },
      },
    });
    const scopes = Object.keys(
      (securitySchemes.oauth2 as { flows: { clientCredentials: { scopes: Record<string, string> } } }).flows
        .clientCredentials.scopes,
    );
    expect(scopes.sort()).toEqual([...ALL_SCOPES].sort());
  });

  it('lets Swagger UI sign in with the operator client and PKCE', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"clientId":"sokoni-operator"');
    expect(response.body).toContain('"usePkceWithAuthorizationCodeGrant":true');
    // The page the provider redirects back to; its URL must be registered with the docs client.
    expect(response.body).toContain("oauth2RedirectUrl: resolveUrl('./static/oauth2-redirect.html')");
    const redirectPage = await api.app.inject({ method: 'GET', url: '/docs/static/oauth2-redirect.html' });
    expect(redirectPage.statusCode).toBe(200);
  });
});
