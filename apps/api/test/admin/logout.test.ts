import { describe, expect, it } from 'vitest';
import { HTML, PUBLIC_URL, startAdminApi } from '../support/cookie-browser.ts';

const { api, browser, signedIn } = await startAdminApi();

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

  it('ends the session on the server: a copy of the cookie taken before logout no longer signs in', async () => {
    const b = await signedIn('operator');
    const copied = b.cookie('sokoni_admin')?.value as string;
    expect(copied).toBeTruthy();
    const out = await b.fetch('/admin/logout', { method: 'POST', initiator: PUBLIC_URL });
    expect(out.status).toBe(204);

    const thief = browser();
    thief.setCookie('sokoni_admin', copied);
    const replay = await thief.fetch('/admin/queues/api/queues', { initiator: PUBLIC_URL });
    expect(replay.status).toBe(401);
  });

  it('answers 204 to a script', async () => {
    const response = await api.app.inject({ method: 'POST', url: '/admin/logout' });
    expect(response.statusCode).toBe(204);
  });
});
