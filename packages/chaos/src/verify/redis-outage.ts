import type { Disruption, RequestRecord } from './facts.ts';
import type { InvariantResult } from './invariant.ts';
import { failed, overlaps, overlapsAny } from './outage-windows.ts';

/**
 * A Redis outage (stopped, or emptied) fails no request: every request in flight while Redis
 * was gone got an answer below 500. Requests that overlap a PostgreSQL outage (and its recovery
 * time) or an API restart are left out: those answer 503 or not at all for their own reasons.
 */
export function checkRedisOutages(
  requests: RequestRecord[],
  disruptions: Disruption[],
  recoveryMs: number,
): InvariantResult {
  const outages = disruptions.filter((d) => d.kind === 'redis-down' || d.kind === 'redis-flushed');
  const others = disruptions.filter((d) => d.kind === 'postgres-down' || d.kind === 'api-down');
  const violations: string[] = [];
  let judged = 0;
  for (const outage of outages) {
    // An emptied Redis has no length; what it breaks shows in the seconds after.
    const end = outage.kind === 'redis-flushed' ? outage.start + 5_000 : (outage.end ?? outage.start);
    for (const request of requests) {
      if (!overlaps(request, outage.start, end) || overlapsAny(request, others, recoveryMs)) {
        continue;
      }
      judged += 1;
      if (failed(request)) {
        violations.push(
          `${outage.detail}: a ${request.op} failed (${request.status ?? request.error ?? 'no answer'})`,
        );
      }
    }
  }
  return {
    name: 'Redis down or emptied: no request fails',
    checked: `${outages.length} outages, ${judged} requests`,
    violations,
    notes: [],
  };
}
