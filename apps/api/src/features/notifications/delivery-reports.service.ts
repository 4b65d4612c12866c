import { trace } from '@opentelemetry/api';
import { type SmsProducer, smsJobId } from '@sokoni/contracts';
import { type Database, recordDeliveryReport } from '@sokoni/db';
import { spanContextOfTraceparent } from '@sokoni/telemetry';
import type { Static } from 'typebox';
import type { BusinessMetrics } from '../metrics/api-metrics.ts';
import type { DeliveryReportForm } from './notifications.schemas.ts';

/**
 * Delivery reports from Africa's Talking, once the webhook's secret has been checked (see
 * routes/v1/webhooks). Each is stored raw, whatever it says, and applied to its notification
 * only when that row was sent (notificationMoves.reported).
 */
export function createDeliveryReportService({
  db,
  metrics,
  smsJobs,
}: {
  db: Database;
  metrics?: Pick<BusinessMetrics, 'reportsApplied'> | undefined;
  /** The SMS queue, where a sent notification's job still holds the trace context it was added with. */
  smsJobs?: Pick<SmsProducer['queue'], 'getJob'> | undefined;
}) {
  /**
   * With tracing on, links the report's span to the trace of the SMS it reports on (the request
   * that owed it, the enqueue, the worker's send), which a report from outside cannot carry: the
   * trace context is the one its job was added with, while Redis keeps that job
   * (SMS_KEEP_COMPLETED_AGE_S). A job the relay added started a trace of its own: no link.
   */
  async function linkToSmsTrace(notificationId: string | undefined): Promise<void> {
    const span = trace.getActiveSpan();
    if (notificationId === undefined || smsJobs === undefined || !span?.isRecording()) {
      return;
    }
    span.setAttribute('sokoni.notification.id', notificationId);
    const job = await smsJobs.getJob(smsJobId(notificationId)).catch(() => undefined);
    const linked = spanContextOfTraceparent(job?.data.traceparent);
    if (linked !== undefined) {
      span.addLink({ context: linked, attributes: { 'sokoni.link': 'sms enqueue' } });
    }
  }

  return {
    async receive(form: Static<typeof DeliveryReportForm>): Promise<void> {
      const raw = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
      const { notification } = await recordDeliveryReport(db, {
        providerMessageId: form.id,
        status: form.status,
        failureReason: form.failureReason || null,
        networkCode: form.networkCode || null,
        retryCount: form.retryCount === undefined ? null : Number(form.retryCount),
        raw,
      });
      metrics?.reportsApplied(notification ? [notification] : []);
      await linkToSmsTrace(notification?.id);
    },
  };
}
