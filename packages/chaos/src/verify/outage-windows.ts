import type { Disruption, RequestRecord } from './facts.ts';

/** Whether a request was in flight at any time during [start, end]. */
export function overlaps(request: RequestRecord, start: number, end: number): boolean {
  return request.startedAt <= end && request.endedAt >= start;
}

/** Whether a request overlaps any of the disruptions, each widened by `marginMs` after its end. */
export function overlapsAny(request: RequestRecord, disruptions: Disruption[], marginMs: number): boolean {
  return disruptions.some((d) => overlaps(request, d.start, (d.end ?? Number.POSITIVE_INFINITY) + marginMs));
}

/** A request that failed: no answer, or a 5xx. */
export function failed(request: RequestRecord): boolean {
  return request.status === null || request.status >= 500;
}
