import { ConfigError } from '@sokoni/config';
import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../../src/config.ts';

const required = {
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_API_KEY: 'key',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadWorkerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('loadWorkerConfig', () => {
  it('fills in the documented defaults', () => {
    const config = loadWorkerConfig(required);
    expect(config).toMatchObject({
      PORT: 3003,
      AT_BASE_URL: 'http://localhost:3002',
      AT_USERNAME: 'sandbox',
      AT_ENQUEUE: false,
      AT_TIMEOUT_MS: 10_000,
      SMS_CONCURRENCY: 20,
      SMS_RATE_LIMIT_MAX: 100,
      SMS_RATE_LIMIT_DURATION_MS: 1000,
      SMS_ACCOUNT_PAUSE_MS: 60_000,
      RELAY_INTERVAL_MS: 2000,
      RELAY_GRACE_MS: 5000,
      RELAY_BATCH_SIZE: 500,
      RELAY_REQUEUE_AFTER_MS: 600_000,
      SHUTDOWN_GRACE_MS: 20_000,
      REDIS_READY_TIMEOUT_S: 30,
    });
    expect(config.AT_SENDER_ID).toBeUndefined();
  });

  it('reads booleans and numbers from strings', () => {
    const config = loadWorkerConfig({
      ...required,
      AT_ENQUEUE: 'true',
      SMS_CONCURRENCY: '5',
      AT_SENDER_ID: 'SOKONI',
    });
    expect(config).toMatchObject({ AT_ENQUEUE: true, SMS_CONCURRENCY: 5, AT_SENDER_ID: 'SOKONI' });
  });

  it('has no default API key', () => {
    const { AT_API_KEY: _, ...withoutKey } = required;
    expect(problemsOf(withoutKey)).toEqual([expect.stringMatching(/^AT_API_KEY is required/)]);
  });

  it('refuses a job timeout that a live send could outlast', () => {
    expect(problemsOf({ ...required, AT_TIMEOUT_MS: '30000', JOB_TIMEOUT_MS: '30000' })).toEqual([
      'JOB_TIMEOUT_MS must be greater than AT_TIMEOUT_MS',
    ]);
    expect(problemsOf({ ...required, RELAY_REQUEUE_AFTER_MS: '20000' })).toEqual([
      'RELAY_REQUEUE_AFTER_MS must be greater than JOB_TIMEOUT_MS',
    ]);
  });
});
