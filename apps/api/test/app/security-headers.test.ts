import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

// @fastify/helmet on every answer; a Content-Security-Policy that allows nothing on JSON, and the
// narrowest that lets each HTML page (Swagger UI, Bull Board) work. The pages themselves are
// driven in a real browser in admin/operator-ui.browser.test.ts, which also fails on a violation.
const api = await createTestApi();

/** The directives of a CSP header, by name. */
function directives(header: unknown): Map<string, string[]> {
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('every answer', () => {
  it.each([
    ['GET', '/healthz'],
    ['GET', '/v1/orders'],
    ['GET', '/v1/nothing-here'],
    ['GET', '/docs/json'],
  ])('%s %s carries the security headers and a CSP that allows nothing', async (method, url) => {
    const response = await api.inject({ method: method as 'GET', url });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const csp = directives(response.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'none'"]);
    // Over plain http there is no HSTS (a browser ignores it) and no upgrade to an https nobody serves.
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('sends HSTS and upgrade-insecure-requests when the API is served over https', async () => {
    const https = await createTestApi({ PUBLIC_URL: 'https://api.example.com' });
    const response = await https.app.inject({ method: 'GET', url: '/docs' });
    expect(response.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    expect(directives(response.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(
      true,
    );
  });
});

describe('Swagger UI at /docs', () => {
  it('runs only its own scripts and may call the token endpoint', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
    expect(csp.get('connect-src')).toEqual(["'self'", new URL(api.idp.issuer).origin]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Every script of the page is a file of its own origin.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // The page the sign-in popup returns to must keep its opener: no COOP.
    const redirect = await api.app.inject({ method: 'GET', url: '/docs/static/oauth2-redirect.html' });
    expect(redirect.headers['cross-origin-opener-policy']).toBeUndefined();
    for (const url of ['/docs/static/swagger-initializer.js', '/docs/static/oauth2-redirect.html']) {
      const file = await api.app.inject({ method: 'GET', url });
      expect(file.statusCode, url).toBe(200);
      expect(directives(file.headers['content-security-policy']).get('script-src'), url).toEqual(["'self'"]);
    }
  });
});

describe('Bull Board at /admin/queues', () => {
  it('runs only its own scripts; inline styles, which it adds at run time, are its one allowance', async () => {
    const page = await api.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com']);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    // Its only inline script holds JSON data, which no browser runs.
    const inlineScripts = [...page.body.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)].map(
      ([, attributes]) => attributes,
    );
    expect(inlineScripts.length).toBeGreaterThan(0);
    expect(inlineScripts.every((attributes) => /type="application\/json"/.test(attributes ?? ''))).toBe(true);
    // Its JSON API keeps the same policy (no page of its own can be framed or run scripts).
    const api_ = await api.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(directives(api_.headers['content-security-policy']).get('script-src')).toEqual(["'self'"]);
  });
});
