import { createHash, timingSafeEqual } from 'node:crypto';
import { type Database, recordDeliveryReport } from '@sokoni/db';
import type { Static } from 'typebox';
import { notFound } from '../../lib/errors.ts';
import type { DeliveryReportForm } from './notifications.schemas.ts';

/**
 * Delivery reports from Africa's Talking. AT does not sign its callbacks, so the callback URL
 * carries a secret, compared in constant time; a wrong secret answers like an unknown route.
 */
export function createDeliveryReportService({ db, secret }: { db: Database; secret: string }) {
  // Comparing digests keeps the comparison constant-time whatever the length of the guess.
  const expected = createHash('sha256').update(secret).digest();

  return {
    async receive(givenSecret: string, form: Static<typeof DeliveryReportForm>) {
      const given = createHash('sha256').update(givenSecret).digest();
      if (!timingSafeEqual(given, expected)) {
        throw notFound('route', 'POST /v1/webhooks/africastalking/delivery-reports/…');
      }
      const raw = Object.fromEntries(Object.entries(form).map(([key, value]) => [key, String(value)]));
      // Stored whatever it says, matched or not; applied only when it moves the row forward.
      const { notification } = await recordDeliveryReport(db, {
        providerMessageId: form.id,
        status: form.status,
        failureReason: form.failureReason || null,
        networkCode: form.networkCode || null,
        retryCount: form.retryCount === undefined ? null : Number(form.retryCount),
        raw,
      });
      return { received: true, matched: notification !== undefined, status: notification?.status ?? null };
    },
  };
}

export type DeliveryReportService = ReturnType<typeof createDeliveryReportService>;
