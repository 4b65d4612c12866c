import { smsJobId } from '@sokoni/contracts';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';

/**
 * A row still owing a send whose job BullMQ has failed for good (its attempts ran out while,
 * say, PostgreSQL was down, so the row could not be marked) would stay stuck: adding a job with
 * the same id is ignored while the failed one is retained. The relay retries such jobs.
 */
export async function retryFailedJobs(queue: Queue, notificationIds: string[], log: Logger): Promise<number> {
  let retried = 0;
  for (const id of notificationIds) {
    const job = await queue.getJob(smsJobId(id));
    if (job && (await job.isFailed())) {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried += 1;
      log.warn(
        { notificationId: id, failedReason: job.failedReason },
        'retrying the failed job of an SMS still owed',
      );
    }
  }
  return retried;
}
