import type { SmsProducer } from '@sokoni/contracts';
import { type Database, markNotificationsQueued } from '@sokoni/db';
import type { Logger } from 'pino';
import { type ClaimedRow, releaseClaims } from './claim-due-rows.ts';
import { findJobStates } from './find-job-states.ts';
import { rerunFinishedJobs } from './rerun-finished-jobs.ts';

/**
 * What the relay needs of the queue: adding jobs, and looking them up (the producer's fail-fast
 * connection, for the batched look-up and the marker of redis-data-since.ts).
 */
export type RelayQueue = Pick<SmsProducer, 'addSmsJobs' | 'queue' | 'connection'>;

const neverHadAJob = (row: ClaimedRow) => row.status === 'pending';

/**
 * Hands one claimed batch (claimDueRows, already committed, so no row lock is held during a
 * Redis call) to the queue. The batch's jobs are looked up first, in one round trip
 * (findJobStates): a missing job is added, in the catch-up lane; a finished one whose row still
 * owes its send is run again; a live one is left alone, so no row gets a second job and a
 * backlog whose jobs all wait costs one look-up per batch. Then the rows that never had a job
 * are marked `queued`. When Redis fails the claims are given back, so the rows are due at the
 * next sweep. Returns the ids whose job was added or run again.
 */
export async function handOverClaimed(
  deps: { db: Database; queue: RelayQueue; log: Logger },
  claimed: ClaimedRow[],
): Promise<string[]> {
  const { db, queue, log } = deps;
  if (claimed.length === 0) {
    return [];
  }
  const ids = claimed.map((row) => row.id);
  const missing: string[] = [];
  const finished: { notificationId: string; state: 'failed' | 'completed' }[] = [];
  try {
    const states = await findJobStates(queue.queue, queue.connection, ids);
    for (const [index, notificationId] of ids.entries()) {
      const state = states[index];
      if (state === 'missing') {
        missing.push(notificationId);
      } else if (state === 'failed' || state === 'completed') {
        finished.push({ notificationId, state });
      }
    }
    if (missing.length > 0) {
      // Catch-up lane: a row handed over again waits behind every fresh SMS.
      await queue.addSmsJobs(missing, 'catch-up');
    }
    await rerunFinishedJobs(queue.queue, finished, log);
  } catch (error) {
    // Should this fail too (PostgreSQL gone as well), the rows are due again a requeue period
    // after the claim: later, but not lost.
    await giveBack(deps, claimed);
    throw error;
  }
  await markNotificationsQueued(
    db,
    claimed.filter(neverHadAJob).map((row) => row.id),
  );
  return [...missing, ...finished.map((row) => row.notificationId)];
}

/** Gives claims back (releaseClaims); a failure is logged, the rows come due a requeue period later. */
export async function giveBack(deps: { db: Database; log: Logger }, claimed: ClaimedRow[]): Promise<void> {
  await releaseClaims(deps.db, claimed).catch((releaseError: unknown) =>
    deps.log.warn({ err: releaseError }, 'could not give back the claims of a failed relay batch'),
  );
}
