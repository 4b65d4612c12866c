import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { describe, expect, it } from 'vitest';
import { sharedIdp, startIdp, startIdpBehindFront } from '../../src/fixtures.ts';
import { proxyTo } from '../../src/loopback-front.ts';
import {
  getClientCredentialsToken,
  LoginFlowError,
  loginWithAuthorizationCode,
  refreshAccessToken,
} from '../../src/tokens.ts';

// The provider the global setup started for the whole run: what most tests get tokens from.
const idp = sharedIdp();

async function verifyAccessToken(token: string): Promise<JWTPayload> {
  const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
  const { payload } = await jwtVerify(token, jwks, {
    issuer: idp.issuer,
    audience: 'urn:sokoni:api',
    algorithms: ['RS256'],
    typ: 'at+jwt',
  });
  return payload;
}

function scopesOf(payload: JWTPayload): string[] {
  return String(payload.scope).split(' ').sort();
}

describe('the shared provider', () => {
  it('serves discovery for its issuer, a loopback address', async () => {
    expect(idp.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${idp.issuer}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(idp.issuer);
    expect(discovery.token_endpoint).toBe(`${idp.issuer}/token`);
    expect((await stat(join(idp.dataDir, 'keys.json'))).isFile()).toBe(true);
  });
});

describe('startIdp', () => {
  const kidsOf = async (issuer: string) =>
    ((await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
      (key) => key.kid,
    );

  it('runs a provider process of its own, with keys of its own, at its own issuer', async () => {
    const own = await startIdp();
    expect(own.issuer).toBe(`http://127.0.0.1:${own.port}`);
    expect(own.issuer).not.toBe(idp.issuer);
    expect(await kidsOf(own.issuer)).not.toEqual(await kidsOf(idp.issuer));
  });

  it('keeps the keys of a given data directory across restarts and leaves the directory in place', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sokoni-idp-keys-'));
    try {
      const first = await startIdp({ dataDir });
      const kidsBefore = await kidsOf(first.issuer);
      await first.close();
      expect((await stat(join(dataDir, 'keys.json'))).isFile()).toBe(true);
      const second = await startIdp({ dataDir });
      expect(await kidsOf(second.issuer)).toEqual(kidsBefore);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('announces a given issuer, and removes its own temporary directory on close', async () => {
    const own = await startIdp({ issuer: 'http://idp.example.test' });
    const response = await fetch(`http://127.0.0.1:${own.port}/.well-known/openid-configuration`);
    expect(((await response.json()) as { issuer: string }).issuer).toBe('http://idp.example.test');
    await own.close();
    expect(own.service.child.exitCode ?? own.service.child.signalCode).not.toBeNull();
    await expect(stat(own.dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('startIdpBehindFront', () => {
  const kidsOf = async (issuer: string) =>
    ((await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] }).keys.map(
      (key) => key.kid,
    );

  it('serves the provider at the front’s address, which the test can take down or point at a rotated provider', async () => {
    const idp = await startIdpBehindFront();
    expect(idp.issuer).toBe(`http://127.0.0.1:${(idp.server.address() as { port: number }).port}`);
    const discovery = (await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    expect(discovery.issuer).toBe(idp.issuer);
    const token = await getClientCredentialsToken({ issuer: idp.issuer, scope: 'orders:read' });
    const kids = await kidsOf(idp.issuer);
    expect(kids).toContain(decodeProtectedHeader(token.accessToken).kid);

    const listeners = idp.server.listeners('request');
    idp.server.removeAllListeners('request');
    idp.server.on('request', (_request, response) => response.writeHead(503).end());
    expect((await fetch(`${idp.issuer}/jwks`)).status).toBe(503);

    const rotated = await startIdp({ issuer: idp.issuer });
    idp.server.removeAllListeners('request');
    idp.server.on('request', proxyTo(rotated.service.url));
    const rotatedKids = await kidsOf(idp.issuer);
    expect(rotatedKids).not.toEqual(kids);
    const rotatedToken = await getClientCredentialsToken({ issuer: idp.issuer, scope: 'orders:read' });
    expect(rotatedKids).toContain(decodeProtectedHeader(rotatedToken.accessToken).kid);

    idp.server.removeAllListeners('request');
    for (const listener of listeners) {
      idp.server.on('request', listener as Parameters<typeof idp.server.on>[1]);
    }
    expect(await kidsOf(idp.issuer)).toEqual(kids);
  });
});

describe('getClientCredentialsToken', () => {
  it('gets a verifiable API token for sokoni-dev with the requested scopes', async () => {
    const tokens = await getClientCredentialsToken({ issuer: idp.issuer, scope: 'orders:read orders:write' });
    expect(tokens.tokenType.toLowerCase()).toBe('bearer');
    expect(tokens.expiresIn).toBe(3600);
    const payload = await verifyAccessToken(tokens.accessToken);
    expect(payload.sub).toBe('sokoni-dev');
    expect(scopesOf(payload)).toEqual(['orders:read', 'orders:write']);
  });

  it('passes an explicit resource indicator through', async () => {
    const tokens = await getClientCredentialsToken({
      issuer: idp.issuer,
      clientId: 'sokoni-dev',
      clientSecret: 'sokoni-dev-secret',
      scope: 'notifications:resend',
      resource: 'urn:sokoni:api',
    });
    expect(scopesOf(await verifyAccessToken(tokens.accessToken))).toEqual(['notifications:resend']);
  });

  it('fails with HTTP 401 on a wrong secret', async () => {
    const failure = getClientCredentialsToken({
      issuer: idp.issuer,
      clientSecret: 'wrong',
      scope: 'orders:read',
    });
    await expect(failure).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    await expect(failure).rejects.toMatchObject({ status: 401 });
  });
});

describe('loginWithAuthorizationCode', () => {
  it('signs amina in through sokoni-customer with customer scopes only', async () => {
    const tokens = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'amina',
      password: 'amina-pass',
      scope: 'openid profile offline_access orders:read orders:write',
    });
    const payload = await verifyAccessToken(tokens.accessToken);
    expect(payload.sub).toBe('customer-amina');
    expect(payload.client_id).toBe('sokoni-customer');
    expect(scopesOf(payload)).toEqual(['orders:read', 'orders:write']);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    const idToken = await jwtVerify(
      String(tokens.idToken),
      createRemoteJWKSet(new URL(`${idp.issuer}/jwks`)),
      {
        issuer: idp.issuer,
        audience: 'sokoni-customer',
      },
    );
    expect(idToken.payload).toMatchObject({ sub: 'customer-amina', name: 'Amina Wanjiru' });
  });

  it('gives the operator notifications:resend through sokoni-operator', async () => {
    const tokens = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-operator',
      username: 'operator',
      password: 'operator-pass',
      scope: 'openid notifications:read notifications:resend customers:read orders:read',
    });
    const payload = await verifyAccessToken(tokens.accessToken);
    expect(payload.sub).toBe('operator-1');
    expect(scopesOf(payload)).toEqual([
      'customers:read',
      'notifications:read',
      'notifications:resend',
      'orders:read',
    ]);
  });

  it('never gives a customer staff scopes, even through the operator client', async () => {
    const tokens = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-operator',
      username: 'baraka',
      password: 'baraka-pass',
      scope: 'openid orders:read notifications:resend customers:read',
    });
    const payload = await verifyAccessToken(tokens.accessToken);
    expect(payload.sub).toBe('customer-baraka');
    expect(scopesOf(payload)).toEqual(['orders:read']);
  });

  it('limits the operator to customer scopes through the customer client', async () => {
    const tokens = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'operator',
      password: 'operator-pass',
      scope: 'openid orders:read orders:write',
    });
    expect(scopesOf(await verifyAccessToken(tokens.accessToken))).toEqual(['orders:read', 'orders:write']);
  });

  it('refuses a staff scope requested through the customer client', async () => {
    const login = loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'amina',
      password: 'amina-pass',
      scope: 'openid orders:read notifications:resend',
    });
    await expect(login).rejects.toBeInstanceOf(client.AuthorizationResponseError);
    await expect(login).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('stops with a LoginFlowError on a wrong password', async () => {
    const login = loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'amina',
      password: 'not-her-password',
    });
    await expect(login).rejects.toBeInstanceOf(LoginFlowError);
    await expect(login).rejects.toMatchObject({ status: 401 });
  });

  it('accepts a loopback redirect URI on any port', async () => {
    const tokens = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'baraka',
      password: 'baraka-pass',
      scope: 'orders:read',
      redirectUri: 'http://127.0.0.1:49152/callback',
      resource: 'urn:sokoni:api',
    });
    expect(tokens.idToken).toBeUndefined();
    expect((await verifyAccessToken(tokens.accessToken)).sub).toBe('customer-baraka');
  });
});

describe('refreshAccessToken', () => {
  it('exchanges a refresh token for a new API token of the same user and scopes', async () => {
    const first = await loginWithAuthorizationCode({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      username: 'amina',
      password: 'amina-pass',
      scope: 'openid offline_access orders:read',
    });
    const refreshed = await refreshAccessToken({
      issuer: idp.issuer,
      clientId: 'sokoni-customer',
      refreshToken: String(first.refreshToken),
    });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.refreshToken).toEqual(expect.any(String));
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    const payload = await verifyAccessToken(refreshed.accessToken);
    expect(payload.sub).toBe('customer-amina');
    expect(scopesOf(payload)).toEqual(['orders:read']);
    expect(decodeProtectedHeader(refreshed.accessToken).alg).toBe('RS256');
  });
});
