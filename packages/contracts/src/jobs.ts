import { type Static, Type } from 'typebox';
import { SEND_SMS_JOB } from './queues.ts';

/**
 * Job payloads by job name, with a version so a worker can refuse a payload it does not know.
 * Payloads carry ids only: job data sits in Redis in clear text, so never phone numbers or texts.
 */
export const jobPayloads = {
  [SEND_SMS_JOB]: Type.Object(
    {
      version: Type.Literal(1),
      notificationId: Type.String({ format: 'uuid' }),
    },
    { additionalProperties: false },
  ),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = Static<(typeof jobPayloads)[N]>;
