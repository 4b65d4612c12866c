import type { JobsOptions } from 'bullmq';

export interface SmsJobSettings {
  SMS_ATTEMPTS: number;
  SMS_BACKOFF_MS: number;
  SMS_KEEP_COMPLETED_COUNT: number;
  SMS_KEEP_COMPLETED_AGE_S: number;
  SMS_KEEP_FAILED_COUNT: number;
  SMS_KEEP_FAILED_AGE_S: number;
}

/**
 * Options of every SMS job, whoever adds it (the API after commit, the relay, a resend), so a job
 * retries the same way wherever it came from. Retention is bounded: PostgreSQL is the history.
 */
export function smsJobOptions(settings: SmsJobSettings): JobsOptions {
  return {
    attempts: settings.SMS_ATTEMPTS,
    backoff: { type: 'exponential', delay: settings.SMS_BACKOFF_MS, jitter: 0.5 },
    removeOnComplete: { count: settings.SMS_KEEP_COMPLETED_COUNT, age: settings.SMS_KEEP_COMPLETED_AGE_S },
    removeOnFail: { count: settings.SMS_KEEP_FAILED_COUNT, age: settings.SMS_KEEP_FAILED_AGE_S },
  };
}
