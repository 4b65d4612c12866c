import { mkdtemp, rm } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getClientCredentialsToken, proxyTo, startIdp, startIdpBehindFront } from '@sokoni/testing';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ALL_SCOPES, createTestApi, type TestApi } from '../helper.ts';
import {
  countRequests,
  expectUnauthorized,
  replaceIdpHandler,
  sign,
  snapshot,
  staffClaims,
  strangerKey,
} from '../support/auth.ts';

// Each API below is fresh, so the first token it sees makes it discover the issuer and fetch keys.
const cooldownFree = { OIDC_JWKS_COOLDOWN_MS: '0' };

async function staffToken(api: TestApi): Promise<string> {
  return (await getClientCredentialsToken({ issuer: api.idp.issuer, scope: ALL_SCOPES.join(' ') }))
    .accessToken;
}

function listOrders(api: TestApi, token: string) {
  return api.app.inject({ method: 'GET', url: '/v1/orders', headers: { authorization: `Bearer ${token}` } });
}

const unavailable: RequestListener = (_request, response) => {
  response.writeHead(503).end();
};

// A provider of this file's own, behind a front the tests can take down or point at a rotated one.
const idp = await startIdpBehindFront();

// One API per case, built before the tests run (hooks cannot be added from inside a test).
const jwksDownApi = await createTestApi(cooldownFree, { idp });
const unreachableApi = await createTestApi(cooldownFree, { idp });
const coolingApi = await createTestApi({ OIDC_JWKS_COOLDOWN_MS: '600000' }, { idp });
const burstApi = await createTestApi({ OIDC_JWKS_COOLDOWN_MS: '600000' }, { idp });
const rotatingApi = await createTestApi({ ...cooldownFree, OIDC_JWKS_CACHE_TTL_MS: '1000' }, { idp });
const freshApi = await createTestApi(cooldownFree, { idp });
const streamedApi = await createTestApi({ OIDC_JWKS_COOLDOWN_MS: '1000' }, { idp });
const newKeys = await mkdtemp(join(tmpdir(), 'sokoni-rotated-'));
afterAll(() => rm(newKeys, { recursive: true, force: true }));

describe('the provider’s JWKS endpoint is down', () => {
  it('fails closed with 401 (never 500) and recovers when the endpoint is back', async () => {
    const api = jwksDownApi;
    await api.app.ready(); // discovery succeeds at boot; only the keys are missing
    const token = await staffToken(api);
    const restore = replaceIdpHandler(api.idp.server, (original) => (request, response) => {
      if (request.url?.startsWith('/jwks')) {
        response.writeHead(503).end();
      } else {
        original(request, response);
      }
    });
    try {
      const refused = await listOrders(api, token);
      expectUnauthorized(refused, 'invalid_token');
      expect(refused.headers['www-authenticate']).toContain('signing keys cannot be fetched');
    } finally {
      restore();
    }
    expect((await listOrders(api, token)).statusCode).toBe(200);
  });

  it('fails closed when the whole provider is unreachable at boot, and recovers', async () => {
    const api = unreachableApi;
    const token = await staffToken(api);
    const restore = replaceIdpHandler(api.idp.server, () => (request) => request.socket.destroy());
    try {
      await api.app.ready(); // the API starts anyway
      expectUnauthorized(await listOrders(api, token), 'invalid_token');
      expect((await api.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      restore();
    }
    expect((await listOrders(api, token)).statusCode).toBe(200);
  });

  it('does not ask a failing provider again during the cooldown', async () => {
    const api = coolingApi;
    await api.app.ready();
    const token = await staffToken(api);
    const restore = replaceIdpHandler(api.idp.server, () => unavailable);
    const jwks = countRequests(api.idp.server, '/jwks');
    try {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        expectUnauthorized(await listOrders(api, token), 'invalid_token');
      }
      expect(jwks.count()).toBe(1);
    } finally {
      jwks.stop();
      restore();
    }
  });
});

describe('unknown key ids', () => {
  it('cost at most one JWKS fetch per cooldown, even in a burst, and do not lock out the published keys', async () => {
    const api = burstApi;
    await api.app.ready(); // discovery at boot; no key fetched yet
    const jwks = countRequests(api.idp.server, '/jwks');
    const key = await strangerKey();
    const forgedBurst = () =>
      Promise.all(
        Array.from({ length: 20 }, async (_, index) => {
          const forged = await sign(staffClaims(api.idp, ALL_SCOPES), key, {
            alg: 'RS256',
            kid: `garbage-${index}`,
          });
          expectUnauthorized(await listOrders(api, forged), 'invalid_token');
        }),
      );
    try {
      // The first burst is what makes the API fetch the keys: one fetch for all twenty.
      await forgedBurst();
      expect(jwks.count()).toBe(1);
      // That fetch brought the provider's real key, never seen before by this API: it works.
      const token = await staffToken(api);
      expect((await listOrders(api, token)).statusCode).toBe(200);
      const before = await snapshot(api);
      // Within the cooldown, more unknown kids cost nothing.
      await forgedBurst();
      expect(jwks.count()).toBe(1);
      expect((await listOrders(api, token)).statusCode).toBe(200);
      expect(await snapshot(api)).toEqual(before);
    } finally {
      jwks.stop();
    }
  });
});

describe('key rotation', () => {
  it('accepts the new key at once and refuses the revoked one once its cache entry lapses', async () => {
    const api = rotatingApi;
    const oldToken = await staffToken(api);
    expect((await listOrders(api, oldToken)).statusCode).toBe(200);

    // The provider restarts with new keys at the same issuer URL; the old key is no longer published.
    const rotated = await startIdp({ issuer: api.idp.issuer, dataDir: newKeys });
    const restore = replaceIdpHandler(api.idp.server, () => proxyTo(rotated.service.url));
    try {
      const newToken = await staffToken(api);
      expect((await listOrders(api, newToken)).statusCode).toBe(200);

      // An API that never saw the old key refuses it outright.
      const refused = await listOrders(freshApi, oldToken);
      expectUnauthorized(refused, 'invalid_token');
      expect(refused.headers['www-authenticate']).toContain('does not publish');

      // One that cached it refuses it once the cache entry (1 s here) has lapsed.
      await vi.waitFor(
        async () => {
          expectUnauthorized(await listOrders(api, oldToken), 'invalid_token');
        },
        { timeout: 10_000, interval: 200 },
      );
      expect((await listOrders(api, newToken)).statusCode).toBe(200);
    } finally {
      restore();
    }
  });

  it('accepts a newly published key while a stream of unknown key ids goes on', async () => {
    const api = streamedApi;
    expect((await listOrders(api, await staffToken(api))).statusCode).toBe(200); // keys fetched

    const rotated = await startIdp({ issuer: api.idp.issuer, dataDir: join(newKeys, 'streamed') });
    const restore = replaceIdpHandler(api.idp.server, () => proxyTo(rotated.service.url));
    const unknownKid = await sign(staffClaims(api.idp, ALL_SCOPES), await strangerKey(), {
      alg: 'RS256',
      kid: 'never-published',
    });
    try {
      const newToken = await staffToken(api);
      // Every attempt with the new key arrives right behind a token with an unknown kid, so a
      // cooldown that the unknown kids keep renewing would refuse the new key for ever.
      await vi.waitFor(
        async () => {
          const [unknown, rotatedKey] = await Promise.all([
            listOrders(api, unknownKid),
            listOrders(api, newToken),
          ]);
          expectUnauthorized(unknown, 'invalid_token');
          expect(rotatedKey.statusCode).toBe(200);
        },
        { timeout: 10_000, interval: 100 },
      );
    } finally {
      restore();
    }
  });
});
