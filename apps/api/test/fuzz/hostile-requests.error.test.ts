import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undocumentedAnswer } from '../support/documented-response.ts';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import { createFuzzTarget } from '../support/fuzz-target.ts';
import { hostileRequestArbitrary } from '../support/hostile-requests.ts';

// Hostile variants of valid requests, for every operation of the OpenAPI document: wrong types,
// boundary numbers, huge and deep values, lone surrogates, RTL marks, emoji and NUL, duplicate
// keys, bodies that are not JSON, wrong content types, malformed paths, query strings and
// percent-encoding, tokens that are not tokens. Each answer is one the document lists, never a
// 5xx, and a request that cannot be valid gets a 4xx application/problem+json.

// Runs per operation: about 30 operations, one request a run; both fuzz files together take
// about 20 s of CPU, well under a minute on 2 cores.
const RUNS_PER_OPERATION = 50;

const seed = fuzzSeed(import.meta.filename);
const target = await createFuzzTarget();
const staff = target.actorNamed('staff').authorization ?? '';
const context = { ...target.context, bodyLimitBytes: target.api.config.BODY_LIMIT_BYTES };

describe('hostile requests are refused as documented', () => {
  for (const operation of target.operations) {
    it(`${operation.method} ${operation.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileRequestArbitrary(operation, context), async (request) => {
          const response = await target.api.app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers: { authorization: staff, ...request.headers },
            ...(request.payload !== undefined ? { payload: request.payload } : {}),
          });
          const shown = `${request.label}: ${request.method} ${request.url.slice(0, 300)} ${request.payload?.slice(0, 300) ?? ''}\n→ ${response.statusCode} ${response.body.slice(0, 500)}`;
          expect(undocumentedAnswer(operation, response, target.validator), shown).toBeUndefined();
          if (request.certainlyInvalid) {
            expect(response.statusCode, shown).toBeGreaterThanOrEqual(400);
          }
        }),
        { seed, numRuns: RUNS_PER_OPERATION },
      );
    });
  }
});

describe('methods a documented path does not answer', () => {
  const byPath = Map.groupBy(target.operations, (operation) => operation.path);
  // Another operation may take the URL as its parameter (PATCH /v1/categories/tree is a PATCH of
  // the category "tree", refused as a bad id): only methods no template matches must be 405.
  const answeredElsewhere = (method: string, url: string) =>
    target.operations.some(
      (operation) =>
        operation.method === method &&
        new RegExp(`^${operation.path.replace(/\{\w+\}/g, '[^/]+')}$`).test(url),
    );
  for (const [path, operations] of byPath) {
    const documented = operations.map((operation) => operation.method);
    it(`${path} answers 405 with Allow for any other method`, async () => {
      const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(
        (method) => !documented.includes(method) && !answeredElsewhere(method, url),
      );
      for (const method of others) {
        const response = await target.api.app.inject({
          method: method as 'GET',
          url,
          headers: { authorization: staff },
        });
        expect(response.statusCode, `${method} ${url}`).toBe(405);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        for (const allowed of documented) {
          expect(response.headers.allow).toContain(allowed);
        }
      }
    });
  }
});
