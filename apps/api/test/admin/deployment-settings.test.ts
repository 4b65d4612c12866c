import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

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
