import { describe, expect, it } from 'vitest';
import type { Disruption, RequestRecord } from '../../src/verify/facts.ts';
import { checkNoServerErrors } from '../../src/verify/no-server-errors.ts';
import { checkPostgresOutages } from '../../src/verify/postgres-outage.ts';
import { checkRedisOutages } from '../../src/verify/redis-outage.ts';

const request = (
  startedAt: number,
  status: number | null,
  retryAfter: string | null = null,
): RequestRecord => ({
  op: 'create',
  startedAt,
  endedAt: startedAt + 100,
  status,
  retryAfter,
});
const postgresDown: Disruption = {
  kind: 'postgres-down',
  detail: 'PostgreSQL stopped',
  start: 10_000,
  end: 20_000,
};
const limits = { recoveryMs: 10_000, settleMs: 1000 };

describe('PostgreSQL down: 503 + Retry-After, back within 10 s', () => {
  it('passes 503s with Retry-After during the outage and a 2xx soon after', () => {
    const requests = [request(12_000, 503, '5'), request(15_000, 503, '5'), request(21_000, 201)];
    const result = checkPostgresOutages(requests, [postgresDown], limits);
    expect(result.violations).toEqual([]);
    expect(result.checked).toBe('1 outages, 2 answers 503');
  });

  it('finds a 503 without Retry-After, another 5xx, no answer, and a slow recovery', () => {
    const requests = [
      request(12_000, 503),
      request(13_000, 500),
      request(14_000, null),
      request(25_000, 503, '5'),
      request(31_000, 503, '5'),
      request(32_000, 201),
    ];
    expect(checkPostgresOutages(requests, [postgresDown], limits).violations).toEqual([
      'PostgreSQL stopped: a create got 503 without Retry-After',
      'PostgreSQL stopped: a create got 500, not 503',
      'PostgreSQL stopped: a create got no answer (no reason)',
      "PostgreSQL stopped: no 2xx within 10 s of PostgreSQL's return (first after 12.1 s)",
      'PostgreSQL stopped: 1 requests got 503 more than 10 s after its return',
    ]);
  });

  it('leaves out requests cut by an API restart', () => {
    const restart: Disruption = { kind: 'api-down', detail: 'API SIGKILL', start: 13_000, end: 14_500 };
    const requests = [request(14_000, null), request(21_000, 201)];
    expect(checkPostgresOutages(requests, [postgresDown, restart], limits).violations).toEqual([]);
  });
});

describe('Redis down or emptied: no request fails', () => {
  const redisDown: Disruption = { kind: 'redis-down', detail: 'Redis stopped', start: 10_000, end: 20_000 };

  it('passes when every request during the outage is answered below 500', () => {
    const result = checkRedisOutages([request(11_000, 201), request(12_000, 409)], [redisDown], 10_000);
    expect(result.violations).toEqual([]);
    expect(result.checked).toBe('1 outages, 2 requests');
  });

  it('finds a failed request, also in the seconds after Redis was emptied', () => {
    const flushed: Disruption = {
      kind: 'redis-flushed',
      detail: 'Redis emptied',
      start: 40_000,
      end: 40_000,
    };
    const result = checkRedisOutages(
      [request(11_000, 500), request(42_000, null), request(60_000, 500)],
      [redisDown, flushed],
      10_000,
    );
    expect(result.violations).toEqual([
      'Redis stopped: a create failed (500)',
      'Redis emptied: a create failed (no answer)',
    ]);
  });

  it('leaves out requests during a PostgreSQL outage or its recovery', () => {
    const overlapping: Disruption = { ...postgresDown, start: 15_000, end: 16_000 };
    expect(checkRedisOutages([request(17_000, 503)], [redisDown, overlapping], 10_000).violations).toEqual(
      [],
    );
  });
});

describe('no 5xx but 503', () => {
  it('finds every other 5xx', () => {
    const result = checkNoServerErrors([
      request(0, 503, '5'),
      request(0, 200),
      request(0, null),
      request(0, 502),
    ]);
    expect(result.violations).toEqual(['a create got 502 at 1970-01-01T00:00:00.000Z']);
  });
});
