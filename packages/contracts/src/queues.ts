// ─────────────────────────────────────────────────────────────────────────────
//  Queue names are permanent. Renaming one strands every job already in Redis
//  under the old name, and the Helm chart's KEDA trigger reads the same name.
// ─────────────────────────────────────────────────────────────────────────────

/** The queue of SMS to send. Its jobs carry a notification id and nothing else. */
export const SMS_QUEUE = 'sms' as const;

/** Job names within the SMS queue. */
export const SEND_SMS_JOB = 'send-sms' as const;

/** BullMQ's job id for a notification: one job per row, so a second add of the same row is ignored. */
export function smsJobId(notificationId: string): string {
  // BullMQ ids must not contain ':' nor be all digits; a uuid after a prefix is neither.
  return `sms-${notificationId}`;
}

/**
 * Which SMS go first. BullMQ takes a job without a priority (its wait list) before any job with
 * one, so `fresh` jobs, added by the API right after an order change commits, overtake
 * `catch-up` jobs: the rows the outbox relay hands over again (their job was lost, or never
 * added) and resends of old messages. After an outage a new order's confirmation then goes out
 * at once instead of behind the whole backlog.
 */
export type SmsLane = 'fresh' | 'catch-up';

/** BullMQ priority of `catch-up` jobs; every one of them waits behind every `fresh` job. */
export const smsCatchUpPriority = 10;

/**
 * The Redis LIST that holds waiting jobs (the fresh lane; catch-up jobs wait in the
 * `prioritized` sorted set); KEDA's redis scaler watches its length.
 * BullMQ builds its keys as `<prefix>:<queue>:<state>`.
 */
export function waitListKey(prefix: string, queue: string = SMS_QUEUE): string {
  return `${prefix}:${queue}:wait`;
}
