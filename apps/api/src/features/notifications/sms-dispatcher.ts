import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SMS_QUEUE, type SmsLane } from '@sokoni/contracts';
import { createBatcher } from '@sokoni/runtime';
import { currentTraceparent, tracer } from '@sokoni/telemetry';

/** Hands committed notifications to the SMS queue. Implemented over BullMQ in plugins/app/sms-queue.ts. */
export interface SmsQueue {
  /**
   * Adds one job per id (jobId sms-<id>) in `lane`, carrying the trace context `traceparents`
   * gives it; rejects when Redis cannot take them in time.
   */
  addSmsJobs(
    notificationIds: string[],
    lane: SmsLane,
    traceparents?: ReadonlyMap<string, string>,
  ): Promise<void>;
}

export interface SmsDispatcher {
  /**
   * Never throws: a failure leaves the rows `pending` and the worker's relay enqueues them later.
   * `fresh` (the default) for what an order change owes now; `catch-up` for resends, which wait
   * behind every fresh SMS.
   */
  dispatch(notificationIds: string[], lane?: SmsLane): Promise<void>;
}

/** Most jobs one add to Redis carries. */
const MAX_JOBS_PER_ADD = 500;

/**
 * The rows stay `pending` after their job is added: marking them `queued` would cost a second
 * commit per order. The job id (sms-<id>) is what de-duplicates: a row still `pending` after the
 * relay's grace period (a backlog, or a lost add) is handed over again by the relay, which is a
 * no-op while its job is in Redis, and marked `queued` then.
 *
 * The jobs of every request that commits in the same turn of the event loop go to Redis in one
 * add: a round trip to Redis costs more than the jobs it carries. Each request's jobs still carry
 * its own trace context (the span of its enqueue), so the worker's spans join that request's trace.
 */
export function createSmsDispatcher(deps: {
  queue: SmsQueue;
  log: { warn: (obj: object, msg: string) => void };
}): SmsDispatcher {
  const addTogether = (lane: SmsLane) =>
    createBatcher<{ ids: string[]; traceparent: string | undefined }, void>({
      maxSize: MAX_JOBS_PER_ADD,
      run: async (requests) => {
        const traceparents = new Map<string, string>();
        for (const { ids, traceparent } of requests) {
          if (traceparent !== undefined) {
            for (const id of ids) {
              traceparents.set(id, traceparent);
            }
          }
        }
        await deps.queue.addSmsJobs(
          requests.flatMap((request) => request.ids),
          lane,
          traceparents,
        );
        return requests.map(() => undefined);
      },
    });
  const lanes = { fresh: addTogether('fresh'), 'catch-up': addTogether('catch-up') };
  return {
    async dispatch(notificationIds, lane = 'fresh') {
      if (notificationIds.length === 0) {
        return;
      }
      // The enqueue's span (a no-op with tracing off): its context is what the jobs carry.
      await tracer.startActiveSpan(
        `send ${SMS_QUEUE}`,
        enqueueSpanOptions(notificationIds.length),
        async (span) => {
          try {
            await lanes[lane]({ ids: notificationIds, traceparent: currentTraceparent() });
          } catch (error) {
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: 'enqueue failed; the outbox relay sends them',
            });
            deps.log.warn(
              { err: error, notificationIds },
              'could not enqueue SMS after commit; the outbox relay will send them',
            );
          } finally {
            span.end();
          }
        },
      );
    },
  };
}

function enqueueSpanOptions(count: number) {
  return {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'bullmq',
      'messaging.operation.type': 'send',
      'messaging.destination.name': SMS_QUEUE,
      'messaging.batch.message_count': count,
    },
  };
}
