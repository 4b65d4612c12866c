import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';

const api = await createTestApi();
await api.app.ready();

interface Operation {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: { default?: unknown } }[];
  responses?: Record<string, unknown>;
  summary?: string;
  security?: unknown[];
}

const document = api.app.swagger() as unknown as { paths: Record<string, Record<string, Operation>> };
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({
    label: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);

// The typed client (packages/api-client) names its methods' types after operation ids, and a
// client generator makes one function of each: every operation needs one, unique and stable.
describe('the OpenAPI document', () => {
  it('has operations', () => {
    expect(operations.length).toBeGreaterThan(30);
  });

  it.each(operations)(
    '$label has a camelCase operationId starting with a verb, and a summary',
    ({ operation }) => {
      expect(operation.operationId).toMatch(/^[a-z]+[A-Za-z0-9]*$/);
      expect(operation.summary?.length).toBeGreaterThan(0);
    },
  );

  it('never gives two operations one id', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(operations.filter(({ label }) => !/ \/(healthz|readyz)$/.test(label)))(
    '$label documents a 4xx answer (health checks, which have none, aside)',
    ({ operation }) => {
      expect(Object.keys(operation.responses ?? {}).some((status) => /^4\d\d$/.test(status))).toBe(true);
    },
  );

  it('says that the health checks need no token', () => {
    for (const path of ['/healthz', '/readyz']) {
      expect(document.paths[path]?.get?.security, path).toEqual([]);
    }
  });

  it('lets a client leave out a query parameter the API gives a default (limit on every list)', () => {
    const withDefaults = operations.flatMap(({ label, operation }) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'query' && parameter.schema?.default !== undefined)
        .map((parameter) => ({ label: `${label} ?${parameter.name}`, required: parameter.required })),
    );
    expect(withDefaults.map(({ label }) => label)).toContain('GET /v1/orders ?limit');
    expect(withDefaults.filter(({ required }) => required === true)).toEqual([]);
  });
});
