import { describe, expect, it } from 'vitest';
import { loadApiConfig } from '../../src/config.ts';
import {
  loginLocation,
  sessionApplies,
  wantsLoginPage,
} from '../../src/features/operator-session/browser-login.ts';
import { DEFAULT_RETURN_TO, safeReturnTo } from '../../src/features/operator-session/return-to.ts';
import { isSameOriginRequest } from '../../src/features/operator-session/same-origin.ts';
import { cookieKey, sessionCookieOptions } from '../../src/features/operator-session/session-cookies.ts';
import { signedInPage } from '../../src/routes/admin/admin-pages.ts';

const base = {
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_WEBHOOK_SECRET: 'a-secret-of-sixteen-chars',
};

describe('ADMIN_SESSION_SECRET and OIDC_OPERATOR_CLIENT_ID', () => {
  it('requires a session secret of at least 32 characters, in every environment', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => loadApiConfig({ ...base, NODE_ENV, OIDC_ISSUER: 'https://id.example.com' })).toThrow(
        /ADMIN_SESSION_SECRET is required/,
      );
    }
    expect(() => loadApiConfig({ ...base, ADMIN_SESSION_SECRET: 'too-short' })).toThrow(
      /ADMIN_SESSION_SECRET/,
    );
    const secret = 'a-32-character-development-value';
    const config = loadApiConfig({ ...base, ADMIN_SESSION_SECRET: secret });
    expect(config.ADMIN_SESSION_SECRET).toBe(secret);
    expect(config.OIDC_OPERATOR_CLIENT_ID).toBe('sokoni-operator');
  });

  it('never echoes the secret in the error', () => {
    const secret = 'short-but-secret';
    expect(() => loadApiConfig({ ...base, ADMIN_SESSION_SECRET: secret })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });

  it('marks both cookies Secure whenever NODE_ENV=production, even behind an http PUBLIC_URL', () => {
    const options = sessionCookieOptions({
      secret: 'a-32-character-development-value',
      publicUrl: 'http://api.internal:3000',
      nodeEnv: 'production',
    });
    expect(options.map((option) => option.cookie?.secure)).toEqual([true, true]);
  });

  it('derives a different 32-byte key per cookie and per secret', () => {
    const secret = 'a'.repeat(32);
    expect(cookieKey(secret, 'session')).toHaveLength(32);
    expect(cookieKey(secret, 'session').equals(cookieKey(secret, 'login'))).toBe(false);
    expect(cookieKey(secret, 'session').equals(cookieKey('b'.repeat(32), 'session'))).toBe(false);
    expect(cookieKey(secret, 'session').equals(cookieKey(secret, 'session'))).toBe(true);
  });

  it('scopes both cookies to /admin, httpOnly, Secure only over https', () => {
    const [session, login] = sessionCookieOptions({ secret: 'a'.repeat(32), publicUrl: 'https://x.example' });
    expect(session?.cookie).toMatchObject({
      path: '/admin',
      httpOnly: true,
      sameSite: 'strict',
      secure: true,
    });
    expect(login?.cookie).toMatchObject({
      path: '/admin/callback',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
    });
    const [plain] = sessionCookieOptions({ secret: 'a'.repeat(32), publicUrl: 'http://localhost:3000' });
    expect(plain?.cookie?.secure).toBe(false);
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/admin/queues', '/admin/queues'],
    ['/admin/queues/queue/sms?status=failed', '/admin/queues/queue/sms?status=failed'],
    ['/admin', '/admin'],
    ['/admin/queues/./queue/../', '/admin/queues/'],
  ])('keeps the local /admin path %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    undefined,
    42,
    '',
    'admin/queues',
    'https://evil.example/admin/queues',
    '//evil.example/admin',
    '/\\evil.example',
    '/admin\\..\\..\\v1',
    '/admin/../v1/customers',
    '/admin/%2e%2e/v1/customers',
    '/administrator',
    '/v1/customers',
    '/admin/queues\n/evil',
    '/admin/login?returnTo=/admin/queues',
    '/admin/callback',
    '/admin/logout/',
    `/admin/${'a'.repeat(2100)}`,
  ])('falls back to the default for %s', (value) => {
    expect(safeReturnTo(value)).toBe(DEFAULT_RETURN_TO);
  });
});

describe('isSameOriginRequest', () => {
  const publicUrl = 'https://api.example.com';
  const check = (method: string, headers: Record<string, string>) =>
    isSameOriginRequest({ method, headers }, publicUrl);

  it('lets safe methods through whatever their origin', () => {
    expect(check('GET', { origin: 'https://evil.example' })).toBe(true);
    expect(check('HEAD', {})).toBe(true);
    expect(check('OPTIONS', {})).toBe(true);
  });

  it('needs the API’s own Origin, or lacking one its Referer, on other methods', () => {
    expect(check('PUT', { origin: 'https://api.example.com' })).toBe(true);
    expect(check('POST', { referer: 'https://api.example.com/admin/queues' })).toBe(true);
    expect(check('PUT', { origin: 'https://api.example.com:8443' })).toBe(false);
    expect(check('PUT', { origin: 'http://api.example.com' })).toBe(false);
    expect(check('DELETE', { origin: 'https://evil.example' })).toBe(false);
    expect(check('PATCH', { origin: 'null' })).toBe(false);
    expect(check('PUT', { origin: 'null', referer: 'https://api.example.com/admin/queues' })).toBe(false);
    expect(check('PUT', { referer: 'https://evil.example/https://api.example.com' })).toBe(false);
    expect(check('PUT', { referer: 'not a url' })).toBe(false);
    expect(check('PUT', {})).toBe(false);
  });
});

describe('browser requests', () => {
  const html = { accept: 'text/html,application/xhtml+xml' };

  it('sends only a browser’s GET of an /admin page without Authorization to the sign-in', () => {
    expect(wantsLoginPage({ method: 'GET', url: '/admin/queues', headers: html })).toBe(true);
    expect(wantsLoginPage({ method: 'GET', url: '/admin/queues/api/queues', headers: {} })).toBe(false);
    expect(
      wantsLoginPage({ method: 'GET', url: '/admin/queues', headers: { accept: 'application/json' } }),
    ).toBe(false);
    expect(wantsLoginPage({ method: 'POST', url: '/admin/queues', headers: html })).toBe(false);
    expect(wantsLoginPage({ method: 'GET', url: '/v1/orders', headers: html })).toBe(false);
    expect(
      wantsLoginPage({
        method: 'GET',
        url: '/admin/queues',
        headers: { ...html, authorization: 'Bearer x' },
      }),
    ).toBe(false);
  });

  it('builds a local sign-in URL that returns to a safe path', () => {
    expect(loginLocation('/admin/queues/queue/sms?x=1')).toBe(
      `/admin/login?returnTo=${encodeURIComponent('/admin/queues/queue/sms?x=1')}`,
    );
    expect(loginLocation('//evil.example')).toBe('/admin/login?returnTo=%2Fadmin%2Fqueues');
  });

  it('uses the session only under /admin and only without an Authorization header', () => {
    expect(sessionApplies({ url: '/admin/queues/api/queues?x=1', headers: {} })).toBe(true);
    expect(sessionApplies({ url: '/admin', headers: {} })).toBe(true);
    expect(sessionApplies({ url: '/administrator', headers: {} })).toBe(false);
    expect(sessionApplies({ url: '/v1/orders', headers: {} })).toBe(false);
    expect(sessionApplies({ url: '/admin/queues', headers: { authorization: 'Bearer x' } })).toBe(false);
  });

  it('escapes the return path in the signed-in page', () => {
    const page = signedInPage('/admin/queues?a="><script>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('content="0;url=/admin/queues?a=&quot;&gt;&lt;script&gt;"');
  });
});
