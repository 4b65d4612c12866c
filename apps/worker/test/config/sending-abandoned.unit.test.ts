import { describe, expect, it } from 'vitest';
import { loadWorkerConfig, sendingAbandonedAfterMs } from '../../src/config.ts';

// A row left `sending` is sent again once its worker counts as dead. A live worker holds the row
// for its send and then for as long as it retries the record of an accepted send (a database
// outage): taking the row over within that time sends the SMS twice.

const required = {
  DATABASE_URL: 'postgres://localhost/sokoni',
  REDIS_URL: 'redis://localhost:6379',
  AT_API_KEY: 'key',
};

describe('sendingAbandonedAfterMs', () => {
  it('outlasts a live job: its send, every record retry and one last record attempt', () => {
    const config = { JOB_TIMEOUT_MS: 30_000, SMS_RECORD_RETRY_MS: 120_000 };
    const longestLiveHoldMs = config.JOB_TIMEOUT_MS + config.SMS_RECORD_RETRY_MS;
    expect(sendingAbandonedAfterMs(config)).toBeGreaterThan(longestLiveHoldMs);
  });

  it('grows with the record retries, so a longer database outage is waited out', () => {
    const short = sendingAbandonedAfterMs({ JOB_TIMEOUT_MS: 4000, SMS_RECORD_RETRY_MS: 10_000 });
    const long = sendingAbandonedAfterMs({ JOB_TIMEOUT_MS: 4000, SMS_RECORD_RETRY_MS: 60_000 });
    expect(long - short).toBe(50_000);
  });

  it('reads SMS_RECORD_RETRY_MS from the environment, two minutes by default', () => {
    expect(loadWorkerConfig(required).SMS_RECORD_RETRY_MS).toBe(120_000);
    expect(loadWorkerConfig({ ...required, SMS_RECORD_RETRY_MS: '5000' }).SMS_RECORD_RETRY_MS).toBe(5000);
  });
});
