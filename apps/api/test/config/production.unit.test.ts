import { randomBytes } from 'node:crypto';
import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { insecureTransportWarnings, loadApiConfig } from '../../src/config.ts';

const strong = () => randomBytes(32).toString('hex');

const production = () => ({
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  OIDC_ISSUER: 'https://login.example.com/realms/sokoni',
  AT_WEBHOOK_SECRET: strong(),
  ADMIN_SESSION_SECRET: strong(),
});

function problemsOf(env: Record<string, string>): string {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.join('\n');
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the API in production', () => {
  it('starts with an https issuer and strong secrets, with nothing to warn about', () => {
    const config = loadApiConfig(production());
    expect(config.ALLOW_INSECURE_HTTP).toBe(false);
    expect(insecureTransportWarnings(config)).toEqual([]);
  });

  it('refuses an http issuer unless ALLOW_INSECURE_HTTP is set, and then warns', () => {
    const env = { ...production(), OIDC_ISSUER: 'http://login.internal:8080/realms/sokoni' };
    expect(problemsOf(env)).toMatch(/OIDC_ISSUER must be https in production.*ALLOW_INSECURE_HTTP/);
    const config = loadApiConfig({ ...env, ALLOW_INSECURE_HTTP: 'true' });
    expect(insecureTransportWarnings(config)).toEqual([
      expect.stringMatching(/^ALLOW_INSECURE_HTTP.*OIDC_ISSUER http:\/\/login\.internal:8080/),
    ]);
  });

  it.each(['http://localhost:3001', 'http://127.0.0.1:3001', 'http://idp:3001', 'http://sokoni-idp:3001'])(
    'refuses the development provider %s outright, insecure flag or not',
    (issuer) => {
      const problems = problemsOf({ ...production(), OIDC_ISSUER: issuer, ALLOW_INSECURE_HTTP: 'true' });
      expect(problems).toMatch(/OIDC_ISSUER .*development OpenID provider \(apps\/idp\)/);
    },
  );

  it.each([
    ['ADMIN_SESSION_SECRET', 'CHANGE-ME-AT-LEAST-32-RANDOM-CHARACTERS'],
    ['AT_WEBHOOK_SECRET', 'CHANGE-ME'],
  ])('refuses a placeholder %s in every environment, without echoing it', (name, value) => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      const problems = problemsOf({ ...production(), NODE_ENV, [name]: value.padEnd(40, '-') });
      expect(problems).toMatch(new RegExp(`${name} is a placeholder`));
      expect(problems).not.toContain(value);
    }
  });

  it.each(['ADMIN_SESSION_SECRET', 'AT_WEBHOOK_SECRET'] as const)(
    'requires 256 bits of %s in production only',
    (name) => {
      const weak = randomBytes(24).toString('hex'); // 192 bits
      expect(problemsOf({ ...production(), [name]: weak })).toMatch(
        new RegExp(`${name} is too weak for production: .*256 bits.*openssl rand -hex 32`),
      );
      expect(loadApiConfig({ ...production(), NODE_ENV: 'development', [name]: weak })[name]).toBe(weak);
      expect(loadApiConfig({ ...production(), [name]: randomBytes(32).toString('base64url') })).toBeTruthy();
    },
  );
});
