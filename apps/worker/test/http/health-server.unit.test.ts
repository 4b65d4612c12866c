import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { buildHealthServer, type HealthChecks } from '../../src/http/health-server.ts';
import { watchRedis } from '../../src/http/redis-watch.ts';
import { registerScrapeGauges } from '../../src/http/scrape-gauges.ts';

/** A connection whose events the test emits, as ioredis does on a disconnect and a reconnect. */
function connection(status: string) {
  return Object.assign(new EventEmitter(), { status }) as unknown as Redis;
}

function checks(overrides: Partial<HealthChecks> = {}): HealthChecks {
  return {
    workerRunning: () => true,
    redis: watchRedis(connection('ready')),
    redisReadyTimeoutMs: 1000,
    pingDatabase: async () => {},
    pingRedis: async () => {},
    registry: new Registry(),
    ...overrides,
  };
}

describe('watchRedis', () => {
  it('counts the time since the connection was last ready', () => {
    let now = 1000;
    const redis = connection('connecting');
    const watch = watchRedis(redis, () => now);
    now = 1500;
    expect(watch.notReadyForMs()).toBe(500);
    redis.emit('ready');
    expect(watch.notReadyForMs()).toBe(0);
    redis.emit('close');
    now = 4000;
    redis.emit('reconnecting');
    expect(watch.notReadyForMs()).toBe(2500);
  });
});

describe('the health server', () => {
  it('is healthy while the worker runs and Redis is ready', async () => {
    const app = buildHealthServer(checks());
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('fails /healthz when the worker stopped or Redis has been gone too long', async () => {
    let now = 0;
    const redis = connection('ready');
    const watch = watchRedis(redis, () => now);
    redis.emit('end');
    now = 5000;
    const app = buildHealthServer(checks({ workerRunning: () => false, redis: watch }));
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'failing',
      problems: ['the SMS worker is not running', 'redis has not been ready for 5 s'],
    });
  });

  it('fails /readyz naming the dependency that does not answer', async () => {
    const app = buildHealthServer(
      checks({
        pingDatabase: async () => {
          throw new Error('connection refused');
        },
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'connection refused', redis: 'ok' },
    });
  });

  it('serves the other metrics when the queue counts and the outbox lag cannot be read', async () => {
    const registry = new Registry();
    registerScrapeGauges(registry, {
      queues: [{ name: 'sms', jobCounts: () => new Promise(() => {}) }],
      oldestOwedAgeS: async () => {
        throw new Error('database down');
      },
      timeoutMs: 50,
    });
    const response = await buildHealthServer(checks({ registry })).inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('sokoni_metrics_source_up{source="queue"} 0');
    expect(response.body).toContain('sokoni_metrics_source_up{source="outbox"} 0');
    expect(response.body).not.toMatch(/^sokoni_queue_jobs\{/m);
    expect(response.body).not.toMatch(/^sokoni_outbox_lag_seconds /m);
  });

  it('counts every state of every queue, and the outbox lag, on a scrape', async () => {
    const registry = new Registry();
    registerScrapeGauges(registry, {
      queues: [{ name: 'sms', jobCounts: async () => ({ waiting: 3, prioritized: 7, active: 2 }) }],
      oldestOwedAgeS: async () => null,
      timeoutMs: 1000,
    });
    const body = (await buildHealthServer(checks({ registry })).inject({ method: 'GET', url: '/metrics' }))
      .body;
    expect(body).toContain('sokoni_queue_jobs{queue="sms",state="waiting"} 3');
    expect(body).toContain('sokoni_queue_jobs{queue="sms",state="prioritized"} 7');
    expect(body).toContain('sokoni_queue_jobs{queue="sms",state="delayed"} 0');
    expect(body).toContain('sokoni_outbox_lag_seconds 0');
    expect(body).toContain('sokoni_metrics_source_up{source="queue"} 1');
  });
});
