import { type Database, markNotificationsQueued } from '@sokoni/db';

/** Hands committed notifications to the SMS queue. Implemented over BullMQ in plugins/app/sms-queue.ts. */
export interface SmsQueue {
  /** Adds one job per id (jobId sms-<id>); rejects when Redis cannot take them in time. */
  addSmsJobs(notificationIds: string[]): Promise<void>;
}

export interface SmsDispatcher {
  /** Never throws: a failure leaves the rows `pending` and the worker's relay enqueues them later. */
  dispatch(notificationIds: string[]): Promise<void>;
}

export function createSmsDispatcher(deps: {
  db: Database;
  queue: SmsQueue;
  log: { warn: (obj: object, msg: string) => void };
}): SmsDispatcher {
  return {
    async dispatch(notificationIds) {
      if (notificationIds.length === 0) {
        return;
      }
      try {
        await deps.queue.addSmsJobs(notificationIds);
        // Tells the relay these are in the queue already; the worker may have claimed them meanwhile.
        await markNotificationsQueued(deps.db, notificationIds);
      } catch (error) {
        deps.log.warn(
          { err: error, notificationIds },
          'could not enqueue SMS after commit; the outbox relay will send them',
        );
      }
    },
  };
}
