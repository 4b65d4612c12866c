import { describe, expect, it } from 'vitest';
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
    // Two forms: catalogue lines, or one free-text line.
    const forms = create.requestBody.content['application/json'].schema.anyOf.map(
      (form: { required: string[] }) => [...form.required].sort(),
    );
    expect(forms).toEqual(
      expect.arrayContaining([
        ['customerId', 'items'],
        ['amount', 'customerId', 'item'],
      ]),
    );
    const ui = await api.app.inject({ method: 'GET', url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
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
});
