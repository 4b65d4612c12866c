import { getClientCredentialsToken } from '@sokoni/testing';
import { describe, expect, it } from 'vitest';
import { ALL_SCOPES, createTestApi, type TestApi } from '../helper.ts';
import { expectUnauthorized, idpSigningKey, sign, staffClaims } from '../support/auth.ts';

// RFC 9068 §2.1: a JWT access token says `typ: at+jwt`, so that an ID token or any other JWT the
// provider signs cannot be replayed as one. Not every provider sends it, so the check is a setting.
const strict = await createTestApi({ REQUIRE_AT_JWT_TYP: 'true' });
const lenient = await createTestApi();
const idpKey = await idpSigningKey(strict.idp);

async function tokenTyped(typ: string | undefined): Promise<string> {
  const header =
    typ === undefined
      ? { alg: 'RS256', kid: idpKey.kid, typ: undefined }
      : { alg: 'RS256', kid: idpKey.kid, typ };
  return `Bearer ${await sign(staffClaims(strict.idp, ALL_SCOPES), idpKey.key, header)}`;
}

function listCustomers(api: TestApi, authorization: string) {
  return api.app.inject({ method: 'GET', url: '/v1/customers', headers: { authorization } });
}

describe('with REQUIRE_AT_JWT_TYP=true', () => {
  it.each(['JWT', 'id_token+jwt', 'at+jwt2'])('refuses a token whose typ is %s', async (typ) => {
    const response = await listCustomers(strict, await tokenTyped(typ));
    expectUnauthorized(response, 'invalid_token');
    expect(String(response.headers['www-authenticate'])).toContain('at+jwt');
  });

  it('refuses a token without typ', async () => {
    const response = await listCustomers(strict, await tokenTyped(undefined));
    expectUnauthorized(response, 'invalid_token');
    expect(String(response.headers['www-authenticate'])).toContain('at+jwt');
  });

  it.each(['at+jwt', 'application/at+jwt', 'AT+JWT'])('accepts a token whose typ is %s', async (typ) => {
    expect((await listCustomers(strict, await tokenTyped(typ))).statusCode).toBe(200);
  });

  it('accepts what apps/idp issues', async () => {
    const token = await getClientCredentialsToken({ issuer: strict.idp.issuer, scope: 'customers:read' });
    expect((await listCustomers(strict, `Bearer ${token.accessToken}`)).statusCode).toBe(200);
  });
});

describe('by default', () => {
  it.each(['JWT', undefined])('accepts a token whose typ is %s', async (typ) => {
    expect((await listCustomers(lenient, await tokenTyped(typ))).statusCode).toBe(200);
  });
});
