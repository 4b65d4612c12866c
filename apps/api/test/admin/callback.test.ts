import { describe, expect, it } from 'vitest';
import { type Browser, HTML, PUBLIC_URL, problem, startAdminApi } from '../support/cookie-browser.ts';

const { api, browser } = await startAdminApi();

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
    expect(authorization.searchParams.get('scope')).toBe(
      'openid notifications:read notifications:resend queues:manage',
    );
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
