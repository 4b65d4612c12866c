import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

// Input that fails before any route runs still gets a 4xx problem, never a 500 or Fastify's own body.
const api = await createTestApi();

describe('input that breaks parsers', () => {
  it('answers a deeply nested JSON body, far under the body limit, with a 400 problem', async () => {
    const depth = 5_000;
    const payload = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const response = await api.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: 'urn:sokoni:problem:validation-failed', status: 400 });
  });

  it('does not count brackets inside strings as nesting', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        name: `Amina ${'[{'.repeat(40)} \\" ${'}]'.repeat(40)}`,
        phone: '0712345678',
      }),
    });
    expect(response.statusCode).toBe(201);
  });

  it('answers a path with malformed percent-encoding with a 400 problem', async () => {
    const response = await api.inject({ method: 'GET', url: '/v1/orders/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ type: 'urn:sokoni:problem:validation-failed', status: 400 });
  });
});
