import { smsJobId } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * Runs again the finished job of each row that still owes a send. Adding a job whose id BullMQ
 * still retains as finished is ignored, so such a row would stay stuck. Two ways to get there:
 * the job *failed* for good (its attempts ran out while, say, PostgreSQL was down, so the row
 * could not be marked), or it *completed* as "nothing to do" while another worker that had lost
 * the job's lock still held the row, which then went back to `queued`. The rows come from
 * findJobStates, which looks the whole batch up in one round trip; this runs only for the rare
 * finished ones. Returns how many ran again.
 */
export async function rerunFinishedJobs(
  queue: Queue,
  finished: { notificationId: string; state: 'failed' | 'completed' }[],
  log: Logger,
): Promise<number> {
  let rerun = 0;
  for (const { notificationId, state } of finished) {
    const job = await queue.getJob(smsJobId(notificationId));
    if (!job) {
      continue;
    }
    await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
    rerun += 1;
    log.warn(
      { notificationId, state, failedReason: job.failedReason },
      `running again the ${state} job of an SMS still owed`,
    );
  }
  return rerun;
}
