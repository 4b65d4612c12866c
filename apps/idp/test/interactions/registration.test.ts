import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/listen.ts';
import { basicAuth, followToClient, startLogin, useIdp, useTempDir } from '../helper.ts';

// A new person registers on the provider's page, is signed in at once, and the web app's client
// gets an ID token with the claims its first-sign-in profile page pre-fills.

const WEB_REDIRECT = 'http://localhost:43004/callback';

let idp: RunningIdp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await useTempDir();
  idp = await useIdp({ dataDir });
});

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  };
}

async function registerThroughWebClient(fields: Record<string, string>) {
  const { agent, interactionUrl, codeVerifier } = await startLogin(idp, {
    clientId: 'sokoni-web',
    scope: 'openid profile email phone orders:read orders:write catalog:read notifications:read',
    redirectUri: WEB_REDIRECT,
  });
  const page = await agent.request(`${interactionUrl}/register`);
  const submitted = await agent.request(`${interactionUrl}/register`, form(fields));
  return { agent, page, submitted, codeVerifier };
}

async function exchange(callback: URL, codeVerifier: string) {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: {
      authorization: basicAuth('sokoni-web', 'sokoni-web-secret'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: String(callback.searchParams.get('code')),
      redirect_uri: WEB_REDIRECT,
      code_verifier: codeVerifier,
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string; access_token: string; scope: string };
}

describe('registration', () => {
  it('creates an account with a sub of its own and signs the person in with customer scopes', async () => {
    const email = `Wanjiku.${Date.now()}@Example.com`;
    const { agent, page, submitted, codeVerifier } = await registerThroughWebClient({
      email,
      name: 'Wanjiku Kamau',
      phone: '0712 345 678',
      password: 'correct horse',
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="phone">');
    expect(html).toContain('name="password" type="password"');

    const callback = await followToClient(agent, idp, submitted);
    expect(callback.origin + callback.pathname).toBe(WEB_REDIRECT);
    const tokens = await exchange(callback, codeVerifier);
    const idToken = decodeJwt(tokens.id_token);
    expect(idToken.sub).toMatch(/^user-[0-9a-f-]{36}$/);
    expect(idToken).toMatchObject({
      name: 'Wanjiku Kamau',
      email: email.toLowerCase(),
      email_verified: false,
      phone_number: '0712 345 678',
    });
    const access = decodeJwt(tokens.access_token);
    expect(access.sub).toBe(idToken.sub);
    // A registered person is a customer: the staff scope it asked for is not granted.
    expect(String(access.scope).split(' ').sort()).toEqual(['catalog:read', 'orders:read', 'orders:write']);

    // The account is kept beside the keys, with a password hash and never the password.
    const stored = await readFile(join(dataDir, 'registered-users.json'), 'utf8');
    expect(stored).toContain(String(idToken.sub));
    expect(stored).not.toContain('correct horse');
    expect((await stat(join(dataDir, 'registered-users.json'))).mode & 0o077).toBe(0);

    // The new account signs in again with its e-mail address and password.
    const again = await startLogin(idp, { clientId: 'sokoni-customer', scope: 'openid orders:read' });
    const login = await again.agent.request(
      `${again.interactionUrl}/login`,
      form({ username: email.toLowerCase(), password: 'correct horse' }),
    );
    expect((await followToClient(again.agent, idp, login)).searchParams.get('code')).toBeTruthy();
  });

  it('refuses missing or malformed fields, saying which, and keeps what was typed', async () => {
    const { submitted } = await registerThroughWebClient({
      email: 'not-an-address',
      name: 'Otieno',
      phone: 'call me',
      password: 'short',
    });
    expect(submitted.status).toBe(422);
    const html = await submitted.text();
    expect(html).toContain('id="email-error"');
    expect(html).toContain('id="phone-error"');
    expect(html).toContain('id="password-error"');
    expect(html).not.toContain('id="name-error"');
    expect(html).toContain('value="Otieno"');
  });

  it('refuses an e-mail address that has an account already', async () => {
    const fields = {
      email: `twice.${Date.now()}@example.com`,
      name: 'Twice',
      phone: '0712345678',
      password: 'password1',
    };
    expect((await registerThroughWebClient(fields)).submitted.status).toBe(303);
    const second = await registerThroughWebClient(fields);
    expect(second.submitted.status).toBe(409);
    expect(await second.submitted.text()).toContain('exists already');
  });
});
