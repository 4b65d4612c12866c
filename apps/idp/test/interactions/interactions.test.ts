import { createHash, randomBytes } from 'node:crypto';
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningIdp } from '../../src/listen.ts';
import { Agent, followToClient, startLogin, useIdp } from '../helper.ts';

let idp: RunningIdp;

beforeAll(async () => {
  idp = await useIdp();
});

function loginForm(username: string, password: string): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }),
  };
}

async function exchangeCode(
  clientId: string,
  callback: URL,
  codeVerifier: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${idp.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code: String(callback.searchParams.get('code')),
      redirect_uri: `${callback.origin}${callback.pathname}`,
      code_verifier: codeVerifier,
    }),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

async function codeFor(clientId: string, username: string, scope: string) {
  const { agent, interactionUrl, codeVerifier } = await startLogin(idp, { clientId, scope });
  const login = await agent.request(`${interactionUrl}/login`, loginForm(username, `${username}-pass`));
  return { callback: await followToClient(agent, idp, login), codeVerifier };
}

describe('login page', () => {
  it('shows a login form for the interaction', async () => {
    const { agent, interactionUrl } = await startLogin(idp, {
      clientId: 'sokoni-customer',
      scope: 'openid orders:read',
    });
    const response = await agent.request(interactionUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(html).toContain('Sign in to Sokoni customer app');
    expect(html).toContain(`action="${interactionUrl.pathname}/login"`);
  });

  it('re-renders the form with 401 on a wrong password, then accepts the right one', async () => {
    const { agent, interactionUrl, codeVerifier, state } = await startLogin(idp, {
      clientId: 'sokoni-customer',
      scope: 'openid orders:read',
    });
    const wrong = await agent.request(`${interactionUrl}/login`, loginForm('amina', 'wrong'));
    expect(wrong.status).toBe(401);
    const html = await wrong.text();
    expect(html).toContain('Unknown username or wrong password.');
    expect(html).toContain('value="amina"');

    const right = await agent.request(`${interactionUrl}/login`, loginForm('amina', 'amina-pass'));
    expect(right.status).toBe(303);
    const callback = await followToClient(agent, idp, right);
    expect(callback.searchParams.get('state')).toBe(state);
    const { status, body } = await exchangeCode('sokoni-customer', callback, codeVerifier);
    expect(status).toBe(200);
    const jwks = (await (await fetch(`${idp.issuer}/jwks`)).json()) as JSONWebKeySet;
    const { payload } = await jwtVerify(String(body.access_token), createLocalJWKSet(jwks), {
      issuer: idp.issuer,
      audience: 'urn:sokoni:api',
    });
    expect(payload).toMatchObject({ sub: 'customer-amina', scope: 'orders:read' });
    // A person's token never carries the client-credentials grant claim the API trusts.
    expect(payload).not.toHaveProperty('gty');
  });

  it('sends the user back with access_denied when they cancel', async () => {
    const { agent, interactionUrl, state } = await startLogin(idp, {
      clientId: 'sokoni-operator',
      scope: 'openid',
    });
    const response = await agent.request(`${interactionUrl}/abort`);
    const callback = await followToClient(agent, idp, response);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('state')).toBe(state);
  });

  it('answers 405 to a method the route does not take', async () => {
    const { agent, interactionUrl } = await startLogin(idp, { clientId: 'sokoni-customer', scope: 'openid' });
    const response = await agent.request(`${interactionUrl}/login`);
    expect(response.status).toBe(405);
  });

  it('rejects an oversized login form with 413', async () => {
    const { agent, interactionUrl } = await startLogin(idp, { clientId: 'sokoni-customer', scope: 'openid' });
    const response = await agent.request(`${interactionUrl}/login`, loginForm('amina', 'x'.repeat(20_000)));
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('form too large');
  });

  it('shows an error page for an interaction without its cookie', async () => {
    const { interactionUrl } = await startLogin(idp, { clientId: 'sokoni-customer', scope: 'openid' });
    const response = await new Agent().request(interactionUrl);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Sign-in failed');
  });

  it('renders authorization errors it cannot redirect as an HTML page', async () => {
    const response = await fetch(
      `${idp.issuer}/auth?client_id=unknown-client&response_type=code&scope=openid`,
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('invalid_client');
  });
});

describe('consent', () => {
  it('skips the login on a second authorization in the same session and still limits scopes', async () => {
    const { agent, interactionUrl } = await startLogin(idp, {
      clientId: 'sokoni-operator',
      scope: 'openid orders:read',
    });
    const login = await agent.request(`${interactionUrl}/login`, loginForm('baraka', 'baraka-pass'));
    await followToClient(agent, idp, login);

    const again = await startLoginWith(agent, 'openid orders:read notifications:resend');
    const callback = await followToClient(agent, idp, again.response);
    const { status, body } = await exchangeCode('sokoni-operator', callback, again.codeVerifier);
    expect(status).toBe(200);
    expect(body.scope).toBe('orders:read');
  });
});

async function startLoginWith(
  agent: Agent,
  scope: string,
): Promise<{ response: Response; codeVerifier: string }> {
  const codeVerifier = randomBytes(32).toString('base64url');
  const url = new URL(`${idp.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: 'sokoni-operator',
    response_type: 'code',
    redirect_uri: 'http://127.0.0.1/callback',
    scope,
    code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return { response: await agent.request(url), codeVerifier };
}

describe('CORS at the token endpoint', () => {
  it('lets the Swagger UI origin of a public client read the response', async () => {
    const { callback, codeVerifier } = await codeFor('sokoni-operator', 'operator', 'openid orders:read');
    const { status, headers } = await exchangeCode('sokoni-operator', callback, codeVerifier, {
      origin: 'http://localhost:3000',
    });
    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('lets the same loopback host on another port read it (native clients match any loopback port)', async () => {
    const { callback, codeVerifier } = await codeFor('sokoni-operator', 'operator', 'openid orders:read');
    const { status, headers } = await exchangeCode('sokoni-operator', callback, codeVerifier, {
      origin: 'http://localhost:41234',
    });
    expect(status).toBe(200);
    expect(headers.get('access-control-allow-origin')).toBe('http://localhost:41234');
  });

  it('refuses another host on a loopback-looking port', async () => {
    const { callback, codeVerifier } = await codeFor('sokoni-operator', 'operator', 'openid orders:read');
    const { headers } = await exchangeCode('sokoni-operator', callback, codeVerifier, {
      origin: 'http://localhost.evil.example.test:3000',
    });
    expect(headers.get('access-control-allow-origin')).not.toBe('http://localhost.evil.example.test:3000');
  });

  it('refuses an origin that is not one of the client redirect URIs', async () => {
    const { callback, codeVerifier } = await codeFor('sokoni-operator', 'operator', 'openid orders:read');
    const { status, headers } = await exchangeCode('sokoni-operator', callback, codeVerifier, {
      origin: 'http://evil.example.test',
    });
    expect(status).toBe(400);
    expect(headers.get('access-control-allow-origin')).not.toBe('http://evil.example.test');
  });
});
