import type { RequestRecord } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/**
 * Whatever fails around it, the API answers no 5xx but 503 (try again): a 500 means an error it
 * did not recognise, such as an outage it took for a bug.
 */
export function checkNoServerErrors(requests: RequestRecord[]): InvariantResult {
  const violations = requests
    .filter((r) => r.status !== null && r.status >= 500 && r.status !== 503)
    .map((r) => `a ${r.op} got ${r.status} at ${new Date(r.startedAt).toISOString()}`);
  return {
    name: 'no 5xx but 503',
    checked: `${requests.length} requests`,
    violations,
    notes: [],
  };
}
