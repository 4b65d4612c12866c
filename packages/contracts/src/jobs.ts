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
      /**
       * W3C trace context of the request that owed the SMS, when tracing is on: the worker's span
       * of the job is its child, so the order and its SMS are one trace. A worker ignores it
       * with tracing off.
       */
      traceparent: Type.Optional(
        Type.String({ pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' }),
      ),
    },
    { additionalProperties: false },
  ),
} as const;

export type JobName = keyof typeof jobPayloads;
export type JobPayload<N extends JobName> = Static<(typeof jobPayloads)[N]>;
