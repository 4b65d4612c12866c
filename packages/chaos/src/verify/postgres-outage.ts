import type { Disruption, RequestRecord } from './facts.ts';
import type { InvariantResult } from './invariant.ts';
import { overlapsAny } from './outage-windows.ts';

export interface PostgresOutageLimits {
  /** After PostgreSQL is back, the API answers 2xx again within this (ms); DESIGN: 10 s. */
  recoveryMs: number;
  /** Requests that began this soon after the stop may have been answered before it (ms). */
  settleMs: number;
}

/**
 * While PostgreSQL is down the API answers 503 with Retry-After (never another 5xx, never no
 * answer), and once it is back the API answers 2xx again within `recoveryMs`, with no 503 after
 * that. Requests overlapping an API restart are left out: no answer is then the restart's doing.
 */
export function checkPostgresOutages(
  requests: RequestRecord[],
  disruptions: Disruption[],
  limits: PostgresOutageLimits,
): InvariantResult {
  const outages = disruptions.filter((d) => d.kind === 'postgres-down' && d.end !== undefined);
  const restarts = disruptions.filter((d) => d.kind === 'api-down');
  const judged = requests.filter((r) => !overlapsAny(r, restarts, 0));
  const violations: string[] = [];
  const notes: string[] = [];
  let answered503 = 0;
  for (const outage of outages) {
    const end = outage.end ?? outage.start;
    const during = judged.filter((r) => r.startedAt >= outage.start + limits.settleMs && r.endedAt <= end);
    for (const request of during) {
      if (request.status === null) {
        violations.push(`${outage.detail}: a ${request.op} got no answer (${request.error ?? 'no reason'})`);
      } else if (request.status === 503 && request.retryAfter === null) {
        violations.push(`${outage.detail}: a ${request.op} got 503 without Retry-After`);
      } else if (request.status >= 500 && request.status !== 503) {
        violations.push(`${outage.detail}: a ${request.op} got ${request.status}, not 503`);
      } else if (request.status === 503) {
        answered503 += 1;
      }
    }
    const firstSuccess = judged
      .filter((r) => r.startedAt >= end && r.status !== null && r.status < 300)
      .sort((a, b) => a.endedAt - b.endedAt)[0];
    const recoveredAfter = firstSuccess === undefined ? undefined : firstSuccess.endedAt - end;
    if (recoveredAfter === undefined || recoveredAfter > limits.recoveryMs) {
      violations.push(
        `${outage.detail}: no 2xx within ${limits.recoveryMs / 1000} s of PostgreSQL's return` +
          (recoveredAfter === undefined ? '' : ` (first after ${(recoveredAfter / 1000).toFixed(1)} s)`),
      );
    } else {
      notes.push(
        `${outage.detail}: ${during.length} requests during it, 2xx again ${(recoveredAfter / 1000).toFixed(1)} s after`,
      );
    }
    const otherOutages = outages.filter((o) => o !== outage);
    const late = judged.filter(
      (r) =>
        r.status === 503 &&
        r.startedAt > end + limits.recoveryMs &&
        r.startedAt < end + 60_000 &&
        !overlapsAny(r, otherOutages, limits.recoveryMs),
    );
    if (late.length > 0) {
      violations.push(
        `${outage.detail}: ${late.length} requests got 503 more than ${limits.recoveryMs / 1000} s after its return`,
      );
    }
  }
  return {
    name: 'PostgreSQL down: 503 + Retry-After, back ≤ 10 s',
    checked: `${outages.length} outages, ${answered503} answers 503`,
    violations,
    notes,
  };
}
