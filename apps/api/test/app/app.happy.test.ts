import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadApiConfig } from '../../src/config.ts';
import { createTestApi } from '../helper.ts';

const api = await createTestApi();

describe('the app around the routes', () => {
  it('answers /healthz and /readyz without a token', async () => {
    const health = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok' });
  });

  it('serves an OpenAPI 3.1 document listing every route, and Swagger UI', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    for (const path of [
      '/v1/customers',
      '/v1/customers/{id}',
      '/v1/customers/{id}/orders',
      '/v1/orders',
      '/v1/orders/{id}',
      '/v1/orders/{id}/status',
      '/v1/orders/{id}/cancel',
    ]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    const create = document.paths['/v1/orders'].post;
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '409', '422', '500']),
    );
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['customerId', 'item', 'amount']),
    );
    const ui = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers unknown routes with a 404 problem', async () => {
    const response = await api.inject({ method: 'GET', url: '/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      type: 'urn:sokoni:problem:not-found',
      status: 404,
      title: 'Not found',
    });
  });

  it("keeps a caller's x-request-id and puts it in the problem's instance", async () => {
    const response = await api.inject({
      method: 'GET',
      url: '/v1/customers/00000000-0000-4000-8000-000000000000',
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(response.headers['x-request-id']).toBe('trace-abc.123');
    expect(response.json().instance).toBe('trace-abc.123');
    const replaced = await api.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is not ready while PostgreSQL is unreachable, and says so without a 500', async () => {
    const app = await buildApp({ ...api.config, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'down', database: 'down' });
      // A request that needs the database says "try again later", not "server bug".
      const list = await app.inject({
        method: 'GET',
        url: '/v1/orders',
        headers: { authorization: await api.staffAuthorization() },
      });
      expect(list.statusCode).toBe(503);
      expect(list.json()).toMatchObject({
        type: 'urn:sokoni:problem:unavailable',
        detail: 'the database is unavailable; retry shortly',
      });
    } finally {
      await app.close();
    }
  });
});

describe('configuration', () => {
  it('names each bad variable', () => {
    expect(() =>
      loadApiConfig({
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'redis://h',
        DEFAULT_PHONE_REGION: 'Kenya',
        PORT: '-1',
      }),
    ).toThrow(/DATABASE_URL[\s\S]*PORT|PORT[\s\S]*DATABASE_URL/);
  });
});
