import { getSetCookies, Headers, request as httpRequest } from 'undici';
import { expect } from 'vitest';
import { createTestApi, type TestApi } from '../helper.ts';

// What the /admin tests share: an API listening on loopback, and a browser small enough to read.

// The API as the idp knows it (the operator client's registered redirect URI is on this origin);
// the browser below reaches it on the port the test server really listens on.
export const PUBLIC_URL = 'http://localhost:3000';
export const HTML = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8';

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  sameSite: string;
  httpOnly: boolean;
  expiresAt: number;
}

export interface Page {
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
export class Browser {
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
export function refreshTarget(page: Page): string {
  const target = /<meta http-equiv="refresh" content="0;url=([^"]+)">/i.exec(page.body)?.[1];
  if (!target) {
    throw new Error(`no refresh in ${page.body}`);
  }
  return target.replaceAll('&amp;', '&');
}

export function problem(page: Page): { status: number; type: string; detail: string } {
  expect(page.headers['content-type']).toContain('application/problem+json');
  return JSON.parse(page.body);
}

export interface AdminApi {
  api: TestApi;
  /** A new browser with no cookies. */
  browser: () => Browser;
  /** A browser signed in as `username`, its sign-in finished by following the signed-in page. */
  signedIn: (username: string) => Promise<Browser>;
}

/** A test API listening on loopback, which the provider and browsers know as PUBLIC_URL. */
export async function startAdminApi(): Promise<AdminApi> {
  const api = await createTestApi({ PUBLIC_URL });
  const apiAddress = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const browser = () => new Browser(apiAddress);
  return {
    api,
    browser,
    async signedIn(username) {
      const b = browser();
      const signedInPage = await b.signIn(username);
      expect(signedInPage.url.pathname).toBe('/admin/callback');
      expect(signedInPage.status, signedInPage.body).toBe(200);
      return b;
    },
  };
}
