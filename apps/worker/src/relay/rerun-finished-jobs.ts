import { smsJobId } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * A row still owing a send whose job BullMQ has finished would stay stuck: adding a job with the
 * same id is ignored while the finished one is retained. Two ways to get there: the job failed
 * for good (its attempts ran out while, say, PostgreSQL was down, so the row could not be
 * marked), or it completed as "nothing to do" while another worker that had lost the job's lock
 * still held the row, which then went back to `queued`. The relay runs such jobs again.
 */
export async function retryFailedJobs(queue: Queue, notificationIds: string[], log: Logger): Promise<number> {
  let retried = 0;
  for (const id of notificationIds) {
    const job = await queue.getJob(smsJobId(id));
    if (!job) {
      continue;
    }
    const state = (await job.isFailed()) ? 'failed' : (await job.isCompleted()) ? 'completed' : null;
    if (state) {
      await job.retry(state, { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried += 1;
      log.warn(
        { notificationId: id, state, failedReason: job.failedReason },
        `running again the ${state} job of an SMS still owed`,
      );
    }
  }
  return retried;
}
