import { SMS_QUEUE } from '@sokoni/contracts';
import { getSetCookies, Headers, request as httpRequest } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helper.ts';

// The API as the idp knows it (the operator client's registered redirect URI is on this origin);
// the browser below reaches it on the port the test server really listens on.
const PUBLIC_URL = 'http://localhost:3000';
const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  sameSite: string;
  httpOnly: boolean;
  expiresAt: number;
}

interface Page {
  url: URL;
  status: number;
  headers: Record<string, string | string[] | undefined>;
  setCookies: string[];
  body: string;
}

interface Navigation {
  method?: string;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Origin of the page that starts it; none for an address typed by the user. */
  initiator?: string;
  /** A top-level navigation (follows redirects) rather than a script's fetch. */
  topLevel?: boolean;
}

// Schemeful same-site on hosts without a public suffix: the scheme and host decide, not the port.
function site(url: string | URL): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.hostname}`;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) &&
      (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

/**
 * Just enough of a browser for a sign-in: cookies per host and path with SameSite as browsers
 * apply it (Strict only when every hop of the navigation is same-site with its initiator, Lax
 * also on cross-site top-level GETs), redirects followed, a form posted, real HTTP throughout.
 */
class Browser {
  readonly cookies = new Map<string, StoredCookie>();
  readonly #apiAddress: string;

  constructor(apiAddress: string) {
    this.#apiAddress = apiAddress;
  }

  cookie(name: string): StoredCookie | undefined {
    return [...this.cookies.values()].find((cookie) => cookie.name === name && cookie.expiresAt > Date.now());
  }

  setCookie(name: string, value: string, path = '/admin', sameSite = 'Strict'): void {
    const host = new URL(PUBLIC_URL).host;
    this.cookies.set(`${host};${name};${path}`, {
      name,
      value,
      host,
      path,
      sameSite,
      httpOnly: true,
      expiresAt: Number.POSITIVE_INFINITY,
    });
  }

  #cookieHeader(url: URL, sameSiteRequest: boolean, laxAllowed: boolean): string {
    return [...this.cookies.values()]
      .filter((cookie) => cookie.host === url.host && cookie.expiresAt > Date.now())
      .filter((cookie) => pathMatches(url.pathname, cookie.path))
      .filter((cookie) => {
        const mode = cookie.sameSite.toLowerCase();
        return sameSiteRequest || (mode === 'lax' ? laxAllowed : mode === 'none');
      })
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  #store(url: URL, setCookies: string[]): void {
    const headers = new Headers();
    for (const line of setCookies) {
      headers.append('set-cookie', line);
    }
    for (const cookie of getSetCookies(headers)) {
      const path = cookie.path ?? '/';
      const key = `${url.host};${cookie.name};${path}`;
      const expiresAt =
        cookie.maxAge !== undefined
          ? Date.now() + cookie.maxAge * 1000
          : cookie.expires !== undefined
            ? new Date(cookie.expires).getTime()
            : Number.POSITIVE_INFINITY;
      if (expiresAt <= Date.now()) {
        this.cookies.delete(key);
      } else {
        this.cookies.set(key, {
          name: cookie.name,
          value: cookie.value,
          host: url.host,
          path,
          sameSite: cookie.sameSite ?? 'Lax',
          httpOnly: cookie.httpOnly ?? false,
          expiresAt,
        });
      }
    }
  }

  async #send(
    url: URL,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Page> {
    // The API's public origin resolves to the test server, as DNS would in a deployment.
    const target =
      url.origin === new URL(PUBLIC_URL).origin ? new URL(url.pathname + url.search, this.#apiAddress) : url;
    const response = await httpRequest(target, {
      method: init.method as 'GET',
      headers: { ...init.headers, host: url.host },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const body = await response.body.text();
    const raw = response.headers['set-cookie'];
    const setCookies = raw === undefined ? [] : [raw].flat();
    this.#store(url, setCookies);
    return { url, status: response.statusCode, headers: response.headers, setCookies, body };
  }

  /** Loads `address` the way the browser would, following redirects; answers the last response. */
  async open(address: string | URL, navigation: Navigation = {}): Promise<Page> {
    let url = new URL(address, PUBLIC_URL);
    let method = navigation.method ?? 'GET';
    let body = navigation.form ? new URLSearchParams(navigation.form).toString() : undefined;
    const topLevel = navigation.topLevel ?? true;
    let crossSite = false;
    for (let hop = 0; hop < 20; hop += 1) {
      crossSite ||= navigation.initiator !== undefined && site(navigation.initiator) !== site(url);
      const headers: Record<string, string> = {
        accept: topLevel ? HTML : 'application/json',
        ...navigation.headers,
      };
      const cookie = this.#cookieHeader(url, !crossSite, topLevel && method === 'GET');
      if (cookie) {
        headers.cookie = cookie;
      }
      if (body !== undefined) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers.origin ??= navigation.initiator ?? 'null';
      }
      const page = await this.#send(url, { method, headers, ...(body !== undefined ? { body } : {}) });
      const location = page.headers.location;
      if (!topLevel || page.status < 300 || page.status >= 400 || typeof location !== 'string') {
        return page;
      }
      url = new URL(location, url);
      if (page.status !== 307 && page.status !== 308) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new Error('too many redirects');
  }

  /** Opens a page without following its redirect. */
  async fetch(address: string, navigation: Navigation & { accept?: string } = {}): Promise<Page> {
    const url = new URL(address, PUBLIC_URL);
    const sameSite = navigation.initiator === undefined || site(navigation.initiator) === site(url);
    const method = navigation.method ?? 'GET';
    const headers: Record<string, string> = {
      accept: navigation.accept ?? 'application/json',
      ...navigation.headers,
    };
    const cookie = this.#cookieHeader(url, sameSite, method === 'GET');
    if (cookie) {
      headers.cookie = cookie;
    }
    return this.#send(url, { method, headers });
  }

  /** Signs `username` in from a typed address under /admin; answers the page the provider sent back to. */
  async signIn(username: string, start = '/admin/queues'): Promise<Page> {
    const loginForm = await this.open(start);
    expect(loginForm.status, loginForm.body).toBe(200);
    const action = /<form[^>]*\baction="([^"]+)"/i.exec(loginForm.body)?.[1];
    expect(action, 'the provider shows a login form').toBeTruthy();
    return this.open(new URL((action ?? '').replaceAll('&amp;', '&'), loginForm.url), {
      method: 'POST',
      // The demo logins are part of the development contract (README): `<name>-pass`.
      form: { username, password: `${username}-pass` },
      initiator: loginForm.url.origin,
    });
  }
}

/** The target of a page's `<meta http-equiv="refresh">`. */
function refreshTarget(page: Page): string {
  const target = /<meta http-equiv="refresh" content="0;url=([^"]+)">/i.exec(page.body)?.[1];
  if (!target) {
    throw new Error(`no refresh in ${page.body}`);
  }
  return target.replaceAll('&amp;', '&');
}

function problem(page: Page): { status: number; type: string; detail: string } {
  expect(page.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(page.body);
}

let api: TestApi;
let apiAddress: string;

beforeAll(async () => {
  api = await createTestApi({ PUBLIC_URL });
  apiAddress = await api.app.listen({ host: '127.0.0.1', port: 0 });
});

const browser = () => new Browser(apiAddress);

/** A browser signed in as `username`, its sign-in finished by following the signed-in page. */
async function signedIn(username: string): Promise<Browser> {
  const b = browser();
  const signedInPage = await b.signIn(username);
  expect(signedInPage.url.pathname).toBe('/admin/callback');
  expect(signedInPage.status, signedInPage.body).toBe(200);
  return b;
}

describe('operator sign-in for Bull Board', () => {
  it('signs an operator in through the provider and serves Bull Board and its API on the cookie', async () => {
    const b = browser();
    const signedInPage = await b.signIn('operator');
    expect(signedInPage.url.pathname).toBe('/admin/callback');
    expect(signedInPage.status, signedInPage.body).toBe(200);
    expect(signedInPage.headers['referrer-policy']).toBe('no-referrer');
    expect(signedInPage.headers['cache-control']).toBe('no-store');
    expect(refreshTarget(signedInPage)).toBe('/admin/queues');

    const session = signedInPage.setCookies.find((line) => line.startsWith('sokoni_admin='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Strict/i);
    expect(session).toMatch(/; Path=\/admin(;|$)/i);
    expect(session).toMatch(/; Max-Age=\d+/i);
    expect(session).not.toMatch(/; Secure/i);
    // The login cookie is spent; nothing of the token is readable in the session cookie.
    expect(b.cookie('sokoni_admin_login')).toBeUndefined();
    expect(b.cookie('sokoni_admin')?.value).not.toMatch(/eyJ/);

    const board = await b.open(refreshTarget(signedInPage), { initiator: PUBLIC_URL });
    expect(board.status, board.body).toBe(200);
    expect(board.headers['content-type']).toContain('text/html');
    expect(board.body).toContain('Sokoni queues');

    const queues = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(queues.status, queues.body).toBe(200);
    expect(JSON.parse(queues.body).queues.map((queue: { name: string }) => queue.name)).toEqual([SMS_QUEUE]);
  });

  it('does not send the Strict session cookie on the cross-site redirect chain, hence the signed-in page', async () => {
    const b = await signedIn('operator');
    // Arriving from another site (a link in a chat, the provider's redirect) carries no Strict cookie.
    const fromElsewhere = await b.fetch('/admin/queues', {
      accept: HTML,
      initiator: 'http://127.0.0.1:9',
    });
    expect(fromElsewhere.status).toBe(302);
    expect(fromElsewhere.headers.location).toBe('/admin/login?returnTo=%2Fadmin%2Fqueues');
  });

  it('brings the operator back to the page first asked for', async () => {
    const b = browser();
    const signedInPage = await b.signIn('operator', '/admin/queues/queue/sms?status=failed');
    expect(refreshTarget(signedInPage)).toBe('/admin/queues/queue/sms?status=failed');
  });

  it('never returns anywhere outside /admin', async () => {
    const b = browser();
    const signedInPage = await b.signIn('operator', '/admin/login?returnTo=https%3A%2F%2Fevil.example%2F');
    expect(refreshTarget(signedInPage)).toBe('/admin/queues');
  });

  it('gives a customer who signs in a session without the operator scope: 403', async () => {
    const b = await signedIn('amina');
    const board = await b.open('/admin/queues', { initiator: PUBLIC_URL });
    expect(board.status).toBe(403);
    expect(problem(board).detail).toContain('notifications:resend');
    const queues = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(queues.status).toBe(403);
  });

  it('lets a bearer header win over the cookie', async () => {
    const b = await signedIn('operator');
    const page = await b.fetch('/admin/queues/api/queues', {
      initiator: PUBLIC_URL,
      headers: { authorization: await api.customerAuthorization('amina') },
    });
    expect(page.status).toBe(403);
  });

  it('keeps the cookie to /admin: /v1 still needs a bearer token', async () => {
    const b = await signedIn('operator');
    const session = b.cookie('sokoni_admin');
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/notifications',
      headers: { cookie: `sokoni_admin=${session?.value}` },
    });
    expect(response.statusCode).toBe(401);
  });
});

describe('without a valid session', () => {
  it('sends a browser opening a page to sign in, and answers API calls with 401', async () => {
    const b = browser();
    const page = await b.fetch('/admin/queues', { accept: HTML });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/admin/login?returnTo=%2Fadmin%2Fqueues');

    const json = await b.fetch('/admin/queues/api/queues');
    expect(json.status).toBe(401);
    expect(problem(json).status).toBe(401);
    expect(json.headers['www-authenticate']).toBe('Bearer realm="sokoni"');
  });

  it('treats a tampered cookie as no session', async () => {
    const b = await signedIn('operator');
    const session = b.cookie('sokoni_admin');
    const value = decodeURIComponent(session?.value ?? '');
    const flipped = `${value[0] === 'A' ? 'B' : 'A'}${value.slice(1)}`;
    b.setCookie('sokoni_admin', encodeURIComponent(flipped));

    const page = await b.fetch('/admin/queues', { accept: HTML, initiator: PUBLIC_URL });
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/admin/login?returnTo=%2Fadmin%2Fqueues');
    const json = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(json.status).toBe(401);
  });

  it('verifies the token inside a well-formed session like a bearer token, and ends a bad one', async () => {
    const forged = api.app.createSecureSession({
      accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJvcGVyYXRvci0xIn0.',
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    });
    const b = browser();
    b.setCookie('sokoni_admin', encodeURIComponent(api.app.encodeSecureSession(forged, 'adminSession')));

    const json = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(json.status).toBe(401);
    expect(json.headers['www-authenticate']).toContain('error="invalid_token"');

    const page = await b.fetch('/admin/queues', { accept: HTML, initiator: PUBLIC_URL });
    expect(page.status).toBe(302);
    expect(page.setCookies.some((line) => /^sokoni_admin=;.*Max-Age=0/i.test(line))).toBe(true);
  });

  it('does not offer an expired session to the verifier', async () => {
    const operator = await signedIn('operator');
    const token = api.app
      .decodeSecureSession(
        decodeURIComponent(operator.cookie('sokoni_admin')?.value ?? ''),
        undefined,
        'adminSession',
      )
      ?.get('accessToken');
    expect(token).toMatch(/^eyJ/);
    const expired = api.app.createSecureSession({
      accessToken: token,
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const b = browser();
    b.setCookie('sokoni_admin', encodeURIComponent(api.app.encodeSecureSession(expired, 'adminSession')));
    const json = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(json.status).toBe(401);
  });
});

describe('the callback', () => {
  async function startedLogin(): Promise<{ b: Browser; state: string }> {
    const b = browser();
    const login = await b.fetch('/admin/login', { accept: HTML });
    expect(login.status).toBe(302);
    const authorization = new URL(String(login.headers.location));
    expect(authorization.origin).toBe(api.idp.issuer);
    expect(authorization.searchParams.get('client_id')).toBe('sokoni-operator');
    expect(authorization.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/admin/callback`);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('resource')).toBe(api.config.OIDC_AUDIENCE);
    expect(authorization.searchParams.get('scope')).toBe('openid notifications:read notifications:resend');
    const loginCookie = login.setCookies.find((line) => line.startsWith('sokoni_admin_login='));
    expect(loginCookie).toMatch(/; Path=\/admin\/callback/i);
    expect(loginCookie).toMatch(/; SameSite=Lax/i);
    expect(loginCookie).toMatch(/; HttpOnly/i);
    return { b, state: authorization.searchParams.get('state') ?? '' };
  }

  it('refuses a state that is not the one this browser started with: 400', async () => {
    const { b } = await startedLogin();
    const page = await b.fetch('/admin/callback?code=abc&state=someone-elses', { accept: HTML });
    expect(page.status).toBe(400);
    expect(problem(page).detail).toContain('state');
    // The sign-in is spent: the right state cannot be tried afterwards.
    expect(b.cookie('sokoni_admin_login')).toBeUndefined();
  });

  it('refuses a callback with no sign-in started in this browser: 400', async () => {
    const page = await browser().fetch('/admin/callback?code=abc&state=xyz', { accept: HTML });
    expect(page.status).toBe(400);
    expect(problem(page).detail).toContain('/admin/login');
  });

  it('answers 401 when the provider refused the sign-in', async () => {
    const { b, state } = await startedLogin();
    const query = new URLSearchParams({ error: 'access_denied', state, iss: api.idp.issuer });
    const page = await b.fetch(`/admin/callback?${query}`, { accept: HTML });
    expect(page.status).toBe(401);
    expect(problem(page).detail).toContain('access_denied');
    expect(b.cookie('sokoni_admin')).toBeUndefined();
  });

  it('answers 401 when the code cannot be exchanged', async () => {
    const { b, state } = await startedLogin();
    const query = new URLSearchParams({ code: 'not-a-real-code', state, iss: api.idp.issuer });
    const page = await b.fetch(`/admin/callback?${query}`, { accept: HTML });
    expect(page.status).toBe(401);
    expect(b.cookie('sokoni_admin')).toBeUndefined();
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request with the cookie from a foreign Origin: 403', async () => {
    const b = await signedIn('operator');
    const forged = await b.fetch(`/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`, {
      method: 'PUT',
      initiator: PUBLIC_URL,
      headers: { origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect(problem(forged).detail).toContain('Origin');

    const noOrigin = await b.fetch(`/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`, {
      method: 'PUT',
      initiator: PUBLIC_URL,
    });
    expect(noOrigin.status).toBe(403);

    const foreignReferer = await b.fetch(`/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`, {
      method: 'PUT',
      initiator: PUBLIC_URL,
      headers: { referer: 'https://evil.example/page' },
    });
    expect(foreignReferer.status).toBe(403);
  });

  it('lets the same request through from Bull Board itself', async () => {
    const b = await signedIn('operator');
    const own = await b.fetch(`/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`, {
      method: 'PUT',
      initiator: PUBLIC_URL,
      headers: { origin: PUBLIC_URL },
    });
    expect(own.status, own.body).toBeLessThan(300);
    const byReferer = await b.fetch(`/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`, {
      method: 'PUT',
      initiator: PUBLIC_URL,
      headers: { referer: `${PUBLIC_URL}/admin/queues` },
    });
    expect(byReferer.status, byReferer.body).toBeLessThan(300);
  });

  it('needs no Origin from API clients with a bearer token', async () => {
    const response = await api.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`,
      headers: { origin: 'https://tool.example' },
    });
    expect(response.statusCode).toBeLessThan(300);
  });
});

describe('logout', () => {
  it('clears the session cookie, after which pages need a sign-in again', async () => {
    const b = await signedIn('operator');
    expect((await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL })).status).toBe(200);

    const out = await b.fetch('/admin/logout', { method: 'POST', initiator: PUBLIC_URL, accept: HTML });
    expect(out.status).toBe(200);
    expect(out.body).toContain('Signed out');
    expect(out.setCookies.some((line) => /^sokoni_admin=;.*Max-Age=0/i.test(line))).toBe(true);
    expect(b.cookie('sokoni_admin')).toBeUndefined();

    const page = await b.fetch('/admin/queues', { accept: HTML, initiator: PUBLIC_URL });
    expect(page.status).toBe(302);
  });

  it('answers 204 to a script', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/admin/logout' });
    expect(response.statusCode).toBe(204);
  });
});

describe('deployment settings', () => {
  it('marks the cookies Secure when the API is served over https', async () => {
    const secure = await createTestApi({ PUBLIC_URL: 'https://admin.example.com' });
    const login = await secure.app.inject({ method: 'GET', url: '/admin/login?returnTo=/admin/queues' });
    expect(login.statusCode).toBe(302);
    expect(String(login.headers['set-cookie'])).toMatch(/sokoni_admin_login=.*; Secure/i);
    expect(new URL(String(login.headers.location)).searchParams.get('redirect_uri')).toBe(
      'https://admin.example.com/admin/callback',
    );
  });

  it('answers 503 when the provider cannot be reached', async () => {
    const down = await createTestApi({ OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_HTTP_TIMEOUT_MS: '500' });
    const login = await down.app.inject({ method: 'GET', url: '/admin/login' });
    expect(login.statusCode).toBe(503);
    expect(login.headers['content-type']).toContain('application/problem+json');
  });
});
