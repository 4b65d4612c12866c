import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SMS_QUEUE } from '@sokoni/contracts';
import { contextOfTraceparent, tracer } from '@sokoni/telemetry';
import { DelayedError, type Job, RateLimitError } from 'bullmq';

type Processor<R> = (job: Job, token?: string) => Promise<R>;

/** What a job's data may say about its trace and its notification (checked by the job itself). */
interface TracedJobData {
  notificationId?: unknown;
  traceparent?: unknown;
}

/**
 * Runs each job in a span of its own: the child of the span that added it when the job carries
 * its `traceparent` (the API's enqueue, and through it the request that owed the SMS), the root
 * of a new trace otherwise (a job the relay added). With tracing off the span does nothing.
 */
export function tracedJob<R>(processor: Processor<R>): Processor<R> {
  return (job, token) => {
    const data = (job.data ?? {}) as TracedJobData;
    const parent = contextOfTraceparent(typeof data.traceparent === 'string' ? data.traceparent : undefined);
    return tracer.startActiveSpan(
      `process ${SMS_QUEUE}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': SMS_QUEUE,
          'messaging.message.id': job.id ?? '',
          'messaging.bullmq.attempt': job.attemptsMade + 1,
          ...(typeof data.notificationId === 'string'
            ? { 'sokoni.notification.id': data.notificationId }
            : {}),
        },
      },
      parent,
      async (span) => {
        try {
          return await processor(job, token);
        } catch (error) {
          // A job put back (a row another worker is sending, a paused account) did not fail.
          if (!(error instanceof DelayedError || error instanceof RateLimitError)) {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: error instanceof Error ? error.message : String(error),
            });
          }
          throw error;
        } finally {
          span.end();
        }
      },
    );
  };
}
