import { SMS_QUEUE } from '@sokoni/contracts';
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, problem, startAdminApi } from '../support/cookie-browser.ts';

const { api, signedIn } = await startAdminApi();

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
