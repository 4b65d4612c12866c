import { describe, expect, it } from 'vitest';
import { HTML, PUBLIC_URL, problem, startAdminApi } from '../support/cookie-browser.ts';

const { api, browser, signedIn } = await startAdminApi();

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
    // A live server-side session (an operator's real one) with a forged token in it.
    const operator = await signedIn('operator');
    const sessionId = api.app
      .decodeSecureSession(
        decodeURIComponent(operator.cookie('sokoni_admin')?.value ?? ''),
        undefined,
        'adminSession',
      )
      ?.get('sessionId');
    expect(sessionId).toBeTruthy();
    const forged = api.app.createSecureSession({
      accessToken: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJvcGVyYXRvci0xIn0.',
      sessionId,
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
    const live = api.app.decodeSecureSession(
      decodeURIComponent(operator.cookie('sokoni_admin')?.value ?? ''),
      undefined,
      'adminSession',
    );
    const token = live?.get('accessToken');
    expect(token).toMatch(/^eyJ/);
    // Everything live but the expiry, so the expiry alone is what refuses it.
    const expired = api.app.createSecureSession({
      accessToken: token,
      sessionId: live?.get('sessionId'),
      expiresAt: Math.floor(Date.now() / 1000) - 1,
    });
    const b = browser();
    b.setCookie('sokoni_admin', encodeURIComponent(api.app.encodeSecureSession(expired, 'adminSession')));
    const json = await b.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(json.status).toBe(401);
  });
});
