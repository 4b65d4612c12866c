import { SMS_QUEUE } from '@sokoni/contracts';
import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import { expectForbidden } from '../support/auth.ts';

const api = await createTestApi();

describe('Bull Board', () => {
  it('is served to operators under /admin/queues and refused without a token', async () => {
    const page = await api.inject({ method: 'GET', url: '/admin/queues' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const queues = await api.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(queues.statusCode).toBe(200);
    expect(queues.json<{ queues: { name: string }[] }>().queues.map((q) => q.name)).toEqual([SMS_QUEUE]);
    const anonymous = await api.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(anonymous.statusCode).toBe(401);
    const reader = await api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: await api.authorizationWithScopes(['notifications:read']) },
    });
    expect(reader.statusCode).toBe(403);
  });
});

describe('what changes a queue', () => {
  const viewer = () => api.authorizationWithScopes(['notifications:resend']);
  const manager = () => api.authorizationWithScopes(['notifications:resend', 'queues:manage']);
  const queue = () => api.app.smsProducer.queue;

  it('needs queues:manage on every Bull Board route that is not a read', () => {
    const board = api.app.routeAccessTable().filter((route) => route.url.startsWith('/admin/queues'));
    const writes = board.filter((route) => !['GET', 'HEAD'].includes(route.method));
    const reads = board.filter((route) => ['GET', 'HEAD'].includes(route.method));
    expect(writes.map((route) => `${route.method} ${route.url}`)).toEqual(
      expect.arrayContaining([
        'PUT /admin/queues/api/queues/:queueName/pause',
        'PUT /admin/queues/api/queues/:queueName/empty',
        'PUT /admin/queues/api/queues/:queueName/clean/:queueStatus',
        'PUT /admin/queues/api/queues/:queueName/retry/:queueStatus',
        'PUT /admin/queues/api/queues/:queueName/promote',
        'PUT /admin/queues/api/queues/:queueName/obliterate',
        'PUT /admin/queues/api/queues/:queueName/:jobId/clean',
        'POST /admin/queues/api/queues/:queueName/add',
      ]),
    );
    for (const route of writes) {
      expect(route.access, `${route.method} ${route.url}`).toEqual({
        kind: 'token',
        scopes: ['notifications:resend', 'queues:manage'],
      });
    }
    expect(reads.length).toBeGreaterThan(5);
    for (const route of reads) {
      expect(route.access, `${route.method} ${route.url}`).toEqual({
        kind: 'token',
        scopes: ['notifications:resend'],
      });
    }
  });

  it('lets an operator without it watch, but not pause, empty or clean', async () => {
    const view = await api.inject({
      method: 'GET',
      url: '/admin/queues/api/queues',
      headers: { authorization: await viewer() },
    });
    expect(view.statusCode).toBe(200);
    for (const url of [
      `/admin/queues/api/queues/${SMS_QUEUE}/pause`,
      `/admin/queues/api/queues/${SMS_QUEUE}/empty`,
      `/admin/queues/api/queues/${SMS_QUEUE}/clean/failed`,
      '/admin/queues/api/queues/pause',
    ]) {
      const refused = await api.inject({ method: 'PUT', url, headers: { authorization: await viewer() } });
      expectForbidden(refused, 'notifications:resend queues:manage');
    }
    expect(await queue().isPaused()).toBe(false);
  });

  it('lets an operator with it pause and resume the queue', async () => {
    const paused = await api.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${SMS_QUEUE}/pause`,
      headers: { authorization: await manager() },
    });
    expect(paused.statusCode, paused.body).toBeLessThan(300);
    expect(await queue().isPaused()).toBe(true);
    const resumed = await api.inject({
      method: 'PUT',
      url: `/admin/queues/api/queues/${SMS_QUEUE}/resume`,
      headers: { authorization: await manager() },
    });
    expect(resumed.statusCode, resumed.body).toBeLessThan(300);
    expect(await queue().isPaused()).toBe(false);
  });
});
