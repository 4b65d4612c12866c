import type { SmsProducer } from '@sokoni/contracts';
import { type Database, markNotificationsQueued } from '@sokoni/db';
import type { Logger } from 'pino';
import { type ClaimedRow, releaseClaims } from './claim-due-rows.ts';
import { rerunFinishedJobs } from './rerun-finished-jobs.ts';

/**
 * What the relay needs of the queue: adding jobs, and finding finished ones to run again (the
 * producer's fail-fast connection, for the batched look-up).
 */
export type RelayQueue = Pick<SmsProducer, 'addSmsJobs' | 'queue' | 'connection'>;

const neverHadAJob = (row: ClaimedRow) => row.status === 'pending';

/**
 * Hands one claimed batch (claimDueRows, already committed, so no row lock is held during a
 * Redis call) to the queue: add the jobs (and run again the finished job of a row handed over
 * before), then mark the rows that never had a job `queued`. When adding fails the claims are
 * given back, so the rows are due at the next sweep. Returns the ids handed to the queue.
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
  try {
    // Catch-up lane: a row handed over again waits behind every fresh SMS.
    await queue.addSmsJobs(ids, 'catch-up');
    const handedOverBefore = claimed.filter((row) => !neverHadAJob(row)).map((row) => row.id);
    await rerunFinishedJobs(queue.queue, queue.connection, handedOverBefore, log);
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
  return ids;
}

/** Gives claims back (releaseClaims); a failure is logged, the rows come due a requeue period later. */
export async function giveBack(deps: { db: Database; log: Logger }, claimed: ClaimedRow[]): Promise<void> {
  await releaseClaims(deps.db, claimed).catch((releaseError: unknown) =>
    deps.log.warn({ err: releaseError }, 'could not give back the claims of a failed relay batch'),
  );
}
