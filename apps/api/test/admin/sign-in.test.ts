import { SMS_QUEUE } from '@sokoni/contracts';
import { describe, expect, it } from 'vitest';
import { HTML, PUBLIC_URL, problem, refreshTarget, startAdminApi } from '../support/cookie-browser.ts';

const { api, browser, signedIn } = await startAdminApi();

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
