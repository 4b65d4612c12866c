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

  it('refuses a body naming one key twice, which JSON.parse would read as its last value', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { 'content-type': 'application/json' },
      payload: '{"name":"Amina","phone":"0712345678","\\u006eame":"Baraka"}',
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().detail).toMatch(/"name" more than once/);
  });

  it('takes the same key in two different objects', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Amina', phone: '0712345678', code: 'CUST-DUP-1' }),
    });
    expect(response.statusCode, response.body).toBe(201);
  });

  it('refuses a lone surrogate in a delivery report key with 400, where the database would fail', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/africastalking/delivery-reports/${api.config.AT_WEBHOOK_SECRET}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"id":"ATXid_1","status":"Success","x\\udfff":""}',
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().errors).toEqual([
      { field: 'x\udfff', message: 'must be well-formed Unicode (no lone surrogate)' },
    ]);
  });

  it('ignores a NUL character in the query of a route that reads no query', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/healthz?%00=1' });
    expect(response.statusCode).toBe(200);
  });
});

describe('the document lists the refusals of the body parsers', () => {
  it('documents 413 and 415 as problems for every operation that takes a body', async () => {
    const document = api.app.swagger() as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: unknown; responses: Record<string, { content?: object }> }>
      >;
    };
    const withBody = Object.values(document.paths).flatMap((item) =>
      Object.values(item).filter((operation) => operation.requestBody),
    );
    expect(withBody.length).toBeGreaterThan(0);
    for (const operation of withBody) {
      for (const status of ['413', '415']) {
        expect(Object.keys(operation.responses[status]?.content ?? {})).toEqual(['application/problem+json']);
      }
    }
  });
});
