import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/listen.ts';
import { basicAuth, postToken, useIdp } from '../helper.ts';

let idp: RunningIdp;
let jwks: JSONWebKeySet;

beforeAll(async () => {
  idp = await useIdp();
  jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as JSONWebKeySet;
});

describe('discovery and keys', () => {
  it('publishes the discovery document at /.well-known/openid-configuration', async () => {
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: idp.issuer,
      token_endpoint: `${idp.issuer}/token`,
      authorization_endpoint: `${idp.issuer}/auth`,
      jwks_uri: `${idp.issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(discovery.grant_types_supported).toEqual(
      expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']),
    );
    expect(discovery.grant_types_supported).not.toContain('implicit');
    expect(discovery.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'orders:write', 'notifications:resend', 'customers:read']),
    );
  });

  it('serves public RS256 and ES256 signing keys only', () => {
    expect(jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
    for (const key of jwks.keys) {
      expect(key.kid).toEqual(expect.any(String));
      expect(key.use).toBe('sig');
      expect(key).not.toHaveProperty('d');
    }
  });
});

describe('client credentials', () => {
  it('issues sokoni-dev an RS256 JWT for urn:sokoni:api with the requested scopes', async () => {
    const { status, body } = await postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'orders:write orders:read',
      resource: 'urn:sokoni:api',
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'orders:write orders:read' });
    const token = String(body.access_token);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: idp.issuer,
      audience: 'urn:sokoni:api',
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(jwks.keys.map((key) => key.kid)).toContain(protectedHeader.kid);
    // `gty` marks the grant, as Auth0 does: the API recognises machine tokens by it.
    expect(payload).toMatchObject({
      sub: 'sokoni-dev',
      client_id: 'sokoni-dev',
      gty: 'client-credentials',
      scope: 'orders:write orders:read',
    });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(3600);
  });

  it('issues tokens for the API when no resource is given', async () => {
    const { status, body } = await postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'customers:read',
    });
    expect(status).toBe(200);
    expect(decodeJwt(String(body.access_token))).toMatchObject({
      aud: 'urn:sokoni:api',
      scope: 'customers:read',
    });
  });

  it('accepts every API scope for sokoni-dev', async () => {
    const all =
      'customers:read customers:write orders:read orders:write notifications:read notifications:resend';
    const { status, body } = await postToken(idp, { grant_type: 'client_credentials', scope: all });
    expect(status).toBe(200);
    expect(body.scope).toBe(all);
  });

  it('refuses a scope the client is not registered for', async () => {
    const { status, body } = await postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'orders:read offline_access',
    });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_scope', scope: 'offline_access' });
  });

  it('refuses a wrong secret with 401', async () => {
    const { status, body } = await postToken(
      idp,
      { grant_type: 'client_credentials', scope: 'orders:read' },
      basicAuth('sokoni-dev', 'not-the-secret'),
    );
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('refuses a resource other than the API', async () => {
    const { status, body } = await postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'orders:read',
      resource: 'https://elsewhere.example.test',
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_target');
  });

  it('refuses client credentials to the public clients', async () => {
    const response = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'sokoni-customer',
        scope: 'orders:read',
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'invalid_request',
      error_description: 'requested grant type is not allowed for this client',
    });
  });
});

describe('options', () => {
  it('uses the configured audience and access-token lifetime', async () => {
    const custom = await useIdp({ audience: 'https://api.example.test', accessTokenTtlSeconds: 120 });
    const { status, body } = await postToken(custom, {
      grant_type: 'client_credentials',
      scope: 'orders:read',
    });
    expect(status).toBe(200);
    expect(body.expires_in).toBe(120);
    const payload = decodeJwt(String(body.access_token));
    expect(payload.aud).toBe('https://api.example.test');
    expect(Number(payload.exp) - Number(payload.iat)).toBe(120);
    expect(decodeProtectedHeader(String(body.access_token)).alg).toBe('RS256');
  });
});
