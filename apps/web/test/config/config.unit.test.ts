import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { loadWebConfig } from '../../src/config.ts';

const base = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  WEB_OIDC_CLIENT_SECRET: 'a-client-secret-from-the-provider',
  WEB_SESSION_SECRET: 'f3a1c9e07b5d2486a0e9c1b7d3f5a2e8c4b6d0a9e1f3c5b7d9a0e2c4f6b8d0a1',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadWebConfig(env);
    return [];
  } catch (error) {
    return error instanceof ConfigError ? error.problems : [String(error)];
  }
}

describe('web config', () => {
  it('defaults to the development stack: port 3004, the API on 3000, apps/idp on 3001, client sokoni-web', () => {
    const config = loadWebConfig(base);
    expect(config).toMatchObject({
      PORT: 3004,
      WEB_PUBLIC_URL: 'http://localhost:3004',
      WEB_API_URL: 'http://localhost:3000',
      OIDC_ISSUER: 'http://localhost:3001',
      WEB_OIDC_CLIENT_ID: 'sokoni-web',
      WEB_FREE_TEXT_ORDERS: false,
    });
  });

  it('requires the client secret and a session secret of at least 32 characters', () => {
    expect(problemsOf({ REDIS_URL: base.REDIS_URL }).join('\n')).toMatch(
      /WEB_OIDC_CLIENT_SECRET[\s\S]*WEB_SESSION_SECRET|WEB_SESSION_SECRET[\s\S]*WEB_OIDC_CLIENT_SECRET/,
    );
    expect(problemsOf({ ...base, WEB_SESSION_SECRET: 'short' }).join('\n')).toContain('WEB_SESSION_SECRET');
  });

  it('refuses in production a guessable session secret, the development client secret and an http provider', () => {
    const problems = problemsOf({
      ...base,
      NODE_ENV: 'production',
      WEB_SESSION_SECRET: 'sokoni-session-secret-0123456789',
      WEB_OIDC_CLIENT_SECRET: 'sokoni-web-secret',
      OIDC_ISSUER: 'http://id.example.com',
    }).join('\n');
    expect(problems).toContain('WEB_SESSION_SECRET is too weak');
    expect(problems).toContain('published secret');
    expect(problems).toContain('OIDC_ISSUER must be https');
    expect(problemsOf({ ...base, NODE_ENV: 'production', OIDC_ISSUER: 'https://id.example.com' })).toEqual(
      [],
    );
  });
});
