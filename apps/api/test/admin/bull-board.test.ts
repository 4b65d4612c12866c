import { SMS_QUEUE } from '@sokoni/contracts';
import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

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
