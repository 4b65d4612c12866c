import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { insecureTransportWarnings, loadWorkerConfig } from '../../src/config.ts';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_BASE_URL: 'https://api.africastalking.com',
  AT_API_KEY: 'atsk_0123456789abcdef',
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadWorkerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems.join('\n');
    }
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('the worker in production', () => {
  it("sends to Africa's Talking over https with nothing to warn about", () => {
    expect(insecureTransportWarnings(loadWorkerConfig(production))).toEqual([]);
  });

  it('has no default that points at the simulator: AT_BASE_URL is required', () => {
    const { AT_BASE_URL: _, ...withoutBase } = production;
    expect(problemsOf(withoutBase)).toMatch(/AT_BASE_URL is required in production/);
  });

  it('refuses an http AT_BASE_URL unless ALLOW_INSECURE_HTTP is set, and then warns', () => {
    const env = { ...production, AT_BASE_URL: 'http://at-sim:3002' };
    expect(problemsOf(env)).toMatch(/AT_BASE_URL must be https in production.*ALLOW_INSECURE_HTTP/);
    const config = loadWorkerConfig({ ...env, ALLOW_INSECURE_HTTP: 'true' });
    expect(insecureTransportWarnings(config)).toEqual([
      expect.stringMatching(/^ALLOW_INSECURE_HTTP.*AT_BASE_URL http:\/\/at-sim:3002/),
    ]);
  });

  it('refuses a placeholder API key', () => {
    expect(problemsOf({ ...production, AT_API_KEY: 'CHANGE-ME' })).toMatch(/AT_API_KEY is a placeholder/);
  });

  it('keeps the simulator usable outside production', () => {
    const config = loadWorkerConfig({
      ...production,
      NODE_ENV: 'development',
      AT_BASE_URL: 'http://localhost:3002',
    });
    expect(config.AT_BASE_URL).toBe('http://localhost:3002');
    expect(insecureTransportWarnings(config)).toEqual([]);
  });
});
