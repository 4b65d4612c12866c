import { beforeAll, describe, expect, it } from 'vitest';
import { type SignedInBrowser, signIn, startTestWeb, type TestWeb } from '../helper.ts';

// The backend-for-frontend session: what its cookie says to the browser, what Redis holds, and
// which state-changing requests it refuses (cross-site forms, a missing or wrong CSRF token).

let web: TestWeb;
let operator: SignedInBrowser;

beforeAll(async () => {
  web = await startTestWeb();
  operator = await signIn(web, 'operator', '/console/login');
});

function postLogout(headers: Record<string, string>, form: Record<string, string>) {
  return fetch(`${web.origin}/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

/** Whether the cookie still opens a session: the home page sends an operator on to the console. */
async function signedIn(cookie: string): Promise<boolean> {
  const response = await fetch(`${web.origin}/`, { redirect: 'manual', headers: { cookie } });
  return response.status === 303 && response.headers.get('location') === '/console';
}

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, for the whole site, and holds only an opaque id', async () => {
    const attributes = operator.sessionSetCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
    expect(attributes).toContain('path=/');
    // Served over http here: Secure would keep the browser from sending it back.
    expect(attributes).not.toContain('secure');
    const value = operator.sessionSetCookie.split(';')[0]?.split('=')[1] ?? '';
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await signedIn(operator.cookie)).toBe(true);
  });

  it('keeps the tokens server-side, encrypted: Redis holds neither a token nor the cookie', async () => {
    const keys = await web.redis.keys('sokoni-web:session:*');
    expect(keys.length).toBeGreaterThan(0);
    const id = operator.cookie.match(/sokoni_web=([^;]+)/)?.[1] ?? '';
    for (const key of keys) {
      const value = String(await web.redis.get(key));
      expect(value).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
      expect(value).not.toContain('operator-1');
      expect(key).not.toContain(id);
    }
  });

  it('is Secure in production (behind a proxy that ends TLS the public URL may still say http)', async () => {
    const secureWeb = await startTestWeb({
      NODE_ENV: 'production',
      ALLOW_INSECURE_HTTP: 'true',
      WEB_OIDC_CLIENT_SECRET: 'a-production-client-secret-of-its-own',
    });
    // The sign-in cookie is the first the web app sets, with the same flags as the session's.
    const response = await fetch(`${secureWeb.origin}/login`, { redirect: 'manual' });
    const setCookie = response.headers.getSetCookie().join('\n').toLowerCase();
    expect(setCookie).toContain('sokoni_web_sign_in=');
    expect(setCookie).toContain('secure');
    expect(setCookie).toContain('httponly');
    expect(setCookie).toContain('path=/callback');
  });
});

describe('forms', () => {
  it('refuse a POST without the CSRF token, or with a wrong one, and change nothing', async () => {
    const forms: Record<string, string>[] = [
      {},
      { _csrf: 'not-the-token' },
      { _csrf: operator.csrfToken.slice(1) },
    ];
    for (const form of forms) {
      const response = await postLogout({ cookie: operator.cookie, origin: web.origin }, form);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('Request refused');
    }
    expect(await signedIn(operator.cookie)).toBe(true);
  });

  it('refuse a POST from another origin, or with no Origin nor Referer, even with the token', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { referer: 'https://evil.example/page' },
      {},
    ];
    for (const headers of crossSite) {
      const response = await postLogout(
        { cookie: operator.cookie, ...headers },
        { _csrf: operator.csrfToken },
      );
      expect(response.status).toBe(403);
    }
    expect(await signedIn(operator.cookie)).toBe(true);
  });

  it('accept the token in the htmx header too, and logout ends the session for every copy of the cookie', async () => {
    const other = await signIn(web, 'operator', '/console/login');
    const response = await fetch(`${web.origin}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: other.cookie, origin: web.origin, 'x-csrf-token': other.csrfToken },
    });
    expect(response.status).toBe(303);
    expect(response.headers.getSetCookie().join('\n')).toMatch(/sokoni_web=;/);
    expect(await signedIn(other.cookie)).toBe(false);
    // Another session is not touched.
    expect(await signedIn(operator.cookie)).toBe(true);
  });
});
