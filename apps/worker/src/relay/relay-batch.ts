import type { SmsProducer } from '@sokoni/contracts';
import { type Database, markNotificationsQueued } from '@sokoni/db';
import type { Logger } from 'pino';
import { type ClaimedRow, claimDueRows, type DueWindows, releaseClaims } from './claim-due-rows.ts';
import { rerunFinishedJobs } from './rerun-finished-jobs.ts';

/**
 * What the relay needs of the queue: adding jobs, and finding finished ones to run again (the
 * producer's fail-fast connection, for the batched look-up).
 */
export type RelayQueue = Pick<SmsProducer, 'addSmsJobs' | 'queue' | 'connection'>;

const neverHadAJob = (row: ClaimedRow) => row.status === 'pending';

/**
 * One batch of the relay, in three steps, none of which holds a row lock during a Redis call:
 * claim and commit (claimDueRows), add the jobs (and run again the finished job of a row handed
 * over before), then mark the rows that never had a job `queued`, as the API does after its own
 * add. When adding fails the claims are given back, so the rows are due at the next sweep.
 * Returns the ids handed to the queue.
 */
export async function relayBatch(
  deps: { db: Database; queue: RelayQueue; log: Logger },
  options: DueWindows & { limit: number },
): Promise<string[]> {
  const { db, queue, log } = deps;
  const claimed = await claimDueRows(db, options);
  if (claimed.length === 0) {
    return [];
  }
  const ids = claimed.map((row) => row.id);
  try {
    await queue.addSmsJobs(ids);
    const handedOverBefore = claimed.filter((row) => !neverHadAJob(row)).map((row) => row.id);
    await rerunFinishedJobs(queue.queue, queue.connection, handedOverBefore, log);
  } catch (error) {
    // Should this fail too (PostgreSQL gone as well), the rows are due again a requeue period
    // after the claim: later, but not lost.
    await releaseClaims(db, claimed).catch((releaseError: unknown) =>
      log.warn({ err: releaseError }, 'could not give back the claims of a failed relay batch'),
    );
    throw error;
  }
  await markNotificationsQueued(
    db,
    claimed.filter(neverHadAJob).map((row) => row.id),
  );
  return ids;
}
