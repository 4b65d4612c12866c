import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { undocumentedAnswer } from '../support/documented-response.ts';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import { createFuzzTarget } from '../support/fuzz-target.ts';
import { urlOf, validRequestArbitrary } from '../support/openapi-requests.ts';
import { servedRoutes } from '../support/served-routes.ts';

// Requests the OpenAPI document calls valid, generated from its own schemas for every operation
// it lists (a new route is fuzzed as soon as it is documented), sent by staff, a customer, a
// token without scopes and no token: each answer is one the document lists, with a body its
// schema accepts, and never a 5xx.

// Runs per operation: about 30 operations, one request a run; both fuzz files together take
// about 20 s of CPU, well under a minute on 2 cores.
const RUNS_PER_OPERATION = 50;

// Routes the app serves that the document leaves out, so no request is generated for them.
const NOT_FUZZED: { path: RegExp; why: string }[] = [
  {
    path: /^\/docs(\/|\*|$)/,
    why: 'the document and Swagger UI themselves: static pages, no input but the path',
  },
  {
    path: /^\/metrics$/,
    why: 'Prometheus text for the scraper, kept out of the document and the Ingress; it reads no input',
  },
  {
    path: /^\/admin\/(login|callback|logout)$/,
    why:
      "the operators' browser sign-in: redirects to the provider and a cookie session, not an API; " +
      'test/admin/ drives it with a real browser flow',
  },
  {
    path: /^\/admin\/queues(\/|\*|$)/,
    why:
      'Bull Board, a third-party UI and JSON API behind the operator scope: its routes are not ours to ' +
      'document, and its actions (empty, clean, obliterate) would destroy the queue under test; ' +
      'test/admin/bull-board.test.ts checks who may reach it',
  },
];

// Rules across parameters that a JSON Schema cannot state: a request the document calls valid may
// break one and get its 400, for these operations only.
const CROSS_PARAMETER_RULES: Record<string, string> = {
  'GET /v1/orders/analytics': 'from and to span at most 366 buckets of the interval',
};

const seed = fuzzSeed(import.meta.filename);
const target = await createFuzzTarget();

describe('requests the document calls valid are answered as it documents', () => {
  it('the document lists operations to fuzz', () => {
    expect(target.operations.length).toBeGreaterThan(10);
  });

  it('every route the app serves is fuzzed, or listed above with why not', () => {
    const documented = new Set(target.operations.map((operation) => `${operation.method} ${operation.path}`));
    const unexplained = servedRoutes(target.api.app)
      .filter((route) => !NOT_FUZZED.some((skipped) => skipped.path.test(route.path)))
      .flatMap((route) => route.methods.map((method) => `${method} ${route.path}`))
      .filter((route) => !documented.has(route));
    expect(unexplained).toEqual([]);
  });

  it('every operation with a rule across parameters is still documented', () => {
    const documented = target.operations.map((operation) => `${operation.method} ${operation.path}`);
    expect(documented).toEqual(expect.arrayContaining(Object.keys(CROSS_PARAMETER_RULES)));
  });

  it('every route left out is still served', () => {
    const served = servedRoutes(target.api.app);
    for (const skipped of NOT_FUZZED) {
      expect(
        served.some((route) => skipped.path.test(route.path)),
        String(skipped.path),
      ).toBe(true);
    }
  });

  for (const operation of target.operations) {
    it(`${operation.method} ${operation.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          validRequestArbitrary(operation, target.context),
          fc.constantFrom(...target.actors.map((actor) => actor.name)),
          async (request, actorName) => {
            const actor = target.actorNamed(actorName);
            const url = urlOf(operation, request);
            const response = await target.api.app.inject({
              method: request.method as 'GET',
              url,
              headers: {
                ...request.headers,
                ...(actor.authorization ? { authorization: actor.authorization } : {}),
                ...('body' in request ? { 'content-type': 'application/json' } : {}),
              },
              ...('body' in request ? { payload: JSON.stringify(request.body) } : {}),
            });
            const context = `${actor.name}: ${request.method} ${url} ${JSON.stringify(request.body) ?? ''}\n→ ${response.body}`;
            expect(undocumentedAnswer(operation, response, target.validator), context).toBeUndefined();
            // Valid by the document means valid to the API: its own checks agree with its schemas.
            if (!CROSS_PARAMETER_RULES[`${operation.method} ${operation.path}`]) {
              expect(response.statusCode, context).not.toBe(400);
            }
          },
        ),
        { seed, numRuns: RUNS_PER_OPERATION },
      );
    });
  }
});
