import { type Database, recordDeliveryReport } from '@sokoni/db';
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
}: {
  db: Database;
  metrics?: Pick<BusinessMetrics, 'reportsApplied'> | undefined;
}) {
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
    },
  };
}
