import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { loadIdpConfig } from '../../src/config.ts';

describe('loadIdpConfig', () => {
  it('defaults to the development contract of DESIGN.md', () => {
    const config = loadIdpConfig({ IDP_DEVELOPMENT_MODE: 'true' });
    expect(config).toMatchObject({
      PORT: 3001,
      IDP_ISSUER: 'http://localhost:3001',
      IDP_API_AUDIENCE: 'urn:sokoni:api',
      IDP_ACCESS_TOKEN_TTL_SECONDS: 3600,
      NODE_ENV: 'development',
    });
    expect(config.IDP_DATA_DIR).toMatch(/\/\.data\/idp$/);
  });

  it('reads and coerces the environment', () => {
    const config = loadIdpConfig({
      IDP_DEVELOPMENT_MODE: 'true',
      HOST: '127.0.0.1',
      PORT: '4001',
      IDP_ISSUER: 'https://id.example.test',
      IDP_API_AUDIENCE: 'https://api.example.test',
      IDP_DATA_DIR: '/tmp/keys',
      IDP_ACCESS_TOKEN_TTL_SECONDS: '600',
      NODE_ENV: 'test',
    });
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 4001,
      IDP_ISSUER: 'https://id.example.test',
      IDP_API_AUDIENCE: 'https://api.example.test',
      IDP_DATA_DIR: '/tmp/keys',
      IDP_ACCESS_TOKEN_TTL_SECONDS: 600,
    });
  });

  it('names every bad variable', () => {
    let caught: unknown;
    try {
      loadIdpConfig({
        IDP_DEVELOPMENT_MODE: 'true',
        IDP_ISSUER: 'localhost:3001',
        IDP_ACCESS_TOKEN_TTL_SECONDS: '5',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toContain('IDP_ISSUER');
    expect(problems).toContain('IDP_ACCESS_TOKEN_TTL_SECONDS');
  });
});
