import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { buildHealthServer, type HealthChecks } from '../../src/http/health-server.ts';
import { watchRedis } from '../../src/http/redis-watch.ts';

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
    queueMetrics: async () => 'bullmq_job_count{queue="sms",state="waiting"} 0',
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

  it('serves process metrics even when the queue counts cannot be read', async () => {
    const registry = new Registry();
    const app = buildHealthServer(
      checks({
        registry,
        queueMetrics: async () => {
          throw new Error('redis down');
        },
      }),
    );
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('bullmq_job_count');
    const healthy = await buildHealthServer(checks()).inject({ method: 'GET', url: '/metrics' });
    expect(healthy.body).toContain('bullmq_job_count');
  });
});
