import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, fragments, loadConfig } from '../../src/index.ts';

const schema = Type.Object({
  ...fragments.database,
  ...fragments.http(3000),
  FEATURE_ON: Type.Boolean({ default: false, description: 'turns the feature on' }),
});

describe('loadConfig', () => {
  it('coerces strings and fills defaults', () => {
    const config = loadConfig(schema, {
      DATABASE_URL: 'postgres://x@h/db',
      PORT: '8080',
      FEATURE_ON: 'true',
    });
    expect(config).toEqual({
      DATABASE_URL: 'postgres://x@h/db',
      DATABASE_POOL_MAX: 10,
      HOST: '0.0.0.0',
      PORT: 8080,
      FEATURE_ON: true,
    });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgres://h/db', PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { PORT: 'eighty', DATABASE_POOL_MAX: '0' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DATABASE_URL is required: PostgreSQL connection URL/);
    expect(problems).toMatch(/^PORT /m);
    expect(problems).toMatch(/^DATABASE_POOL_MAX /m);
  });

  it('rejects a URL of the wrong kind', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://h/db' })).toThrow(/DATABASE_URL/);
  });
});
