// The load generator's process (see http-load.ts): reads an HttpLoadSpec on stdin, runs
// autocannon, prints an HttpLoadResult on stdout.
import { randomUUID } from 'node:crypto';
import { text } from 'node:stream/consumers';
import autocannon from 'autocannon';
import type { HttpLoadResult, HttpLoadSpec } from './http-load.ts';

const spec = JSON.parse(await text(process.stdin)) as HttpLoadSpec;
const bodies = spec.bodies ?? [];
let sent = 0;

const fixed = (index: number) => {
  const body = bodies.length > 0 ? bodies[index % bodies.length] : undefined;
  return {
    method: spec.method,
    path: spec.paths[index % spec.paths.length] ?? '/',
    headers: { ...spec.headers },
    ...(body !== undefined ? { body } : {}),
  };
};
// Requests that never change are built once by autocannon and sent in turn on each connection:
// the load generator then costs the least CPU it can on cores it shares with what it measures.
// A fresh key per request, or bodies that must each go once (delivery reports), are built per
// request from one counter shared by all connections.
const dynamic = spec.freshIdempotencyKey === true || bodies.length > 1;
const requests: autocannon.Request[] = dynamic
  ? [
      {
        setupRequest: (request) => {
          const next = fixed(sent);
          sent += 1;
          if (spec.freshIdempotencyKey) {
            next.headers['idempotency-key'] = randomUUID();
          }
          return { ...request, ...next };
        },
      },
    ]
  : spec.paths.map((_, index) => fixed(index));

const result = await autocannon({
  url: spec.baseUrl,
  connections: spec.connections,
  ...(spec.amount !== undefined ? { amount: spec.amount } : { duration: spec.durationS ?? 5 }),
  // At a fixed rate autocannon would add made-up samples for an expected interval of 1 ms per
  // connection; every figure here is the measured time from request to answer.
  ...(spec.overallRate !== undefined
    ? { overallRate: spec.overallRate, ignoreCoordinatedOmission: true }
    : {}),
  timeout: 10,
  requests,
});

const statusCodes: Record<string, number> = {};
for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
  statusCodes[code] = stat.count ?? 0;
}
const ok = result['2xx'];
const output: HttpLoadResult = {
  rate: ok / result.duration,
  ok,
  non2xx: result.non2xx,
  errors: result.errors,
  statusCodes,
  latency: {
    mean: result.latency.mean,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  durationS: result.duration,
};
process.stdout.write(JSON.stringify(output));
