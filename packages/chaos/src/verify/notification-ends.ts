import type { NotificationFact } from './facts.ts';
import type { InvariantResult } from './invariant.ts';

/** Ends that need no reason. */
const done = new Set(['delivered', 'sent']);
/** Ends that must say why (last_error). */
const endedWithReason = new Set(['failed', 'rejected', 'expired', 'suppressed']);
/** Still owed or being sent: fine only while a job will take it further. */
const owed = new Set(['pending', 'queued', 'sending']);
/** BullMQ states of a job that will still run. */
const liveJobStates = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/**
 * After the run has settled, every SMS row has reached an end (`delivered`, `sent`, or
 * `failed`, `rejected`, `expired`, `suppressed` with a reason), or is still retrying: owed, with
 * a job in Redis that will take it further. A row owed with no such job is stuck.
 * `jobStates` holds the state of `sms-<id>` for the rows still owed (undefined: no job).
 */
export function checkNotificationEnds(
  notifications: NotificationFact[],
  jobStates: Map<string, string | undefined>,
): InvariantResult {
  const violations: string[] = [];
  const counts = new Map<string, number>();
  let retrying = 0;
  for (const row of notifications) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
    if (done.has(row.status)) {
      continue;
    }
    if (endedWithReason.has(row.status)) {
      if (!row.lastError) {
        violations.push(`notification ${row.id} is ${row.status} with no reason`);
      }
    } else if (owed.has(row.status)) {
      const job = jobStates.get(row.id);
      if (job !== undefined && liveJobStates.has(job)) {
        retrying += 1;
      } else {
        violations.push(`notification ${row.id} is stuck ${row.status} (its job: ${job ?? 'none'})`);
      }
    } else {
      violations.push(`notification ${row.id} has an unknown status ${row.status}`);
    }
  }
  const byStatus = [...counts.entries()]
    .sort(([, a], [, b]) => b - a)
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  return {
    name: 'every SMS ends, none stuck',
    checked: `${notifications.length} notifications`,
    violations,
    notes: [byStatus, ...(retrying > 0 ? [`${retrying} still retrying, with a live job`] : [])],
  };
}
