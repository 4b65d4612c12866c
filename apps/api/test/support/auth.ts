import { readFile } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { TestIdp } from '@sokoni/testing';
import type { LightMyRequestResponse } from 'fastify';
import {
  type CryptoKey,
  exportSPKI,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { expect } from 'vitest';
import type { TestApi } from '../helper.ts';

/** The provider's own RS256 signing key, read from its data directory: tokens it could have signed. */
export async function idpSigningKey(idp: TestIdp): Promise<{ key: CryptoKey; kid: string; publicJwk: JWK }> {
  const stored = JSON.parse(await readFile(join(idp.dataDir, 'keys.json'), 'utf8')) as {
    jwks: { keys: JWK[] };
  };
  const jwk = stored.jwks.keys.find((candidate) => candidate.alg === 'RS256');
  if (!jwk?.kid) {
    throw new Error('the idp has no RS256 key');
  }
  const { d, p, q, dp, dq, qi, ...publicJwk } = jwk;
  return { key: (await importJWK(jwk, 'RS256')) as CryptoKey, kid: jwk.kid, publicJwk };
}

/** The PEM of a public JWK, as an HS256 key-confusion attacker would use it. */
export async function publicPem(jwk: JWK): Promise<string> {
  return exportSPKI((await importJWK(jwk, 'RS256')) as CryptoKey);
}

/** A key pair nobody trusts. */
export async function strangerKey(): Promise<CryptoKey> {
  const { privateKey } = await generateKeyPair('RS256');
  return privateKey;
}

/** The claims of a good token of the `sokoni-dev` client from `idp` (as it issues them), valid for an hour. */
export function staffClaims(idp: TestIdp, scopes: readonly string[]): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: idp.issuer,
    aud: idp.audience,
    sub: 'sokoni-dev',
    client_id: 'sokoni-dev',
    gty: 'client-credentials',
    scope: scopes.join(' '),
    iat: now,
    exp: now + 3600,
  };
}

export function sign(
  claims: JWTPayload,
  key: CryptoKey | Uint8Array,
  header: { alg: string; kid?: string; typ?: string },
): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ typ: 'at+jwt', ...header }).sign(key);
}

/**
 * Replaces what the provider's HTTP server does with `handler` until the returned function is
 * called: how a test takes the provider (or only its JWKS) down, or rotates its keys, while the
 * issuer URL (host and port) stays the same.
 */
export function replaceIdpHandler(server: Server, handler: (original: RequestListener) => RequestListener) {
  const originals = server.listeners('request') as RequestListener[];
  const original: RequestListener = (request, response) => {
    for (const listener of originals) {
      listener(request, response);
    }
  };
  server.removeAllListeners('request');
  server.on('request', handler(original));
  return () => {
    server.removeAllListeners('request');
    for (const listener of originals) {
      server.on('request', listener);
    }
  };
}

/** Counts the requests the provider gets for a path (e.g. `/jwks`). */
export function countRequests(server: Server, path: string): { count: () => number; stop: () => void } {
  let count = 0;
  const listener = (request: IncomingMessage, _response: ServerResponse) => {
    if (request.url?.split('?')[0] === path) {
      count += 1;
    }
  };
  server.on('request', listener);
  return { count: () => count, stop: () => server.off('request', listener) };
}

/** Asserts a 401 problem+json with an RFC 6750 challenge; `error` undefined means "no token at all". */
export function expectUnauthorized(response: LightMyRequestResponse, error: 'invalid_token' | undefined) {
  expect(response.statusCode, response.body).toBe(401);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const challenge = String(response.headers['www-authenticate']);
  if (error) {
    expect(challenge).toMatch(/^Bearer realm="sokoni", error="invalid_token", error_description="[^"]+"$/);
  } else {
    expect(challenge).toBe('Bearer realm="sokoni"');
  }
  const body = response.json<Record<string, unknown>>();
  expect(body).toMatchObject({ status: 401, type: 'urn:sokoni:problem:unauthorized' });
  expect(body).not.toHaveProperty('items');
  expect(body).not.toHaveProperty('id');
}

/** Asserts a 403 problem+json with `error="insufficient_scope"` and, when given, the scopes needed. */
export function expectForbidden(response: LightMyRequestResponse, scope?: string) {
  expect(response.statusCode, response.body).toBe(403);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const challenge = String(response.headers['www-authenticate']);
  expect(challenge).toMatch(/^Bearer realm="sokoni", error="insufficient_scope", error_description="[^"]+"/);
  if (scope) {
    expect(challenge).toContain(`scope="${scope}"`);
  }
  expect(response.json()).toMatchObject({ status: 403, type: 'urn:sokoni:problem:forbidden' });
}

/** Every order and customer the API holds, as the staff client sees them: compared before and after an attack. */
export async function snapshot(api: TestApi): Promise<{ orders: unknown[]; customers: unknown[] }> {
  const [orders, customers] = await Promise.all([
    api.inject({ method: 'GET', url: '/v1/orders?limit=100' }),
    api.inject({ method: 'GET', url: '/v1/customers?limit=100' }),
  ]);
  expect(orders.statusCode).toBe(200);
  expect(customers.statusCode).toBe(200);
  return {
    orders: orders.json<{ items: unknown[] }>().items,
    customers: customers.json<{ items: unknown[] }>().items,
  };
}
