import { smsJobId } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

type FinishedState = 'failed' | 'completed';

/**
 * Runs again the finished job of each row that still owes a send. Adding a job whose id BullMQ
 * still retains as finished is ignored, so such a row would stay stuck. Two ways to get there:
 * the job *failed* for good (its attempts ran out while, say, PostgreSQL was down, so the row
 * could not be marked), or it *completed* as "nothing to do" while another worker that had lost
 * the job's lock still held the row, which then went back to `queued`. Returns how many ran again.
 *
 * The whole batch is looked up in one round trip (ZMSCORE on BullMQ's failed and completed
 * sets): nearly every row handed over again has a job that is waiting or none at all, and a
 * look-up per row made the relay as slow as Redis's round trip.
 */
export async function rerunFinishedJobs(
  queue: Queue,
  redis: Redis,
  notificationIds: string[],
  log: Logger,
): Promise<number> {
  if (notificationIds.length === 0) {
    return 0;
  }
  const jobIds = notificationIds.map(smsJobId);
  const [failed, completed] = await Promise.all([
    redis.zmscore(queue.toKey('failed'), ...jobIds),
    redis.zmscore(queue.toKey('completed'), ...jobIds),
  ]);
  let rerun = 0;
  for (const [index, id] of notificationIds.entries()) {
    const state: FinishedState | null =
      failed[index] !== null ? 'failed' : completed[index] !== null ? 'completed' : null;
    if (!state) {
      continue;
    }
    const job = await queue.getJob(smsJobId(id));
    if (!job) {
      continue;
    }
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    rerun += 1;
    log.warn(
      { notificationId: id, state, failedReason: job.failedReason },
      `running again the ${state} job of an SMS still owed`,
    );
  }
  return rerun;
}
