import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadApiConfig } from '../../src/config.ts';
import { createTestApi } from '../helper.ts';

const api = await createTestApi();

describe('the app around the routes, when something is wrong', () => {
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
      expect(list.headers['retry-after']).toBe('5');
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
