import { SpanStatusCode } from '@opentelemetry/api';
import type { NotificationRow } from '@sokoni/db';
import { maskPhoneNumber } from '@sokoni/runtime';
import type { SendSmsResult } from '@sokoni/sms-gateway';
import { tracer } from '@sokoni/telemetry';

/**
 * One send to the gateway in a span of its own (the HTTP call to Africa's Talking is its child),
 * with the outcome as attributes. The recipient and the text stay out of it.
 */
export function tracedSend(row: NotificationRow, send: () => Promise<SendSmsResult>): Promise<SendSmsResult> {
  return tracer.startActiveSpan(
    `${row.channel} send`,
    {
      attributes: {
        'sokoni.notification.id': row.id,
        'sokoni.notification.channel': row.channel,
        'sokoni.send.attempt': row.attempts,
      },
    },
    async (span) => {
      try {
        const result = await send();
        span.setAttributes({
          'sokoni.send.outcome': result.outcome,
          'sokoni.send.provider_status': result.status,
          ...(result.httpStatus === null ? {} : { 'http.response.status_code': result.httpStatus }),
          ...(result.statusCode === null ? {} : { 'sokoni.send.provider_status_code': result.statusCode }),
        });
        if (result.outcome !== 'accepted') {
          span.setStatus({ code: SpanStatusCode.ERROR, message: result.outcome });
        }
        return result;
      } finally {
        span.end();
      }
    },
  );
}

/**
 * The one log line of a send attempt: which notification, which attempt, what came of it and how
 * long it took. Never the text; the recipient of an SMS only masked, of an e-mail not at all.
 */
export function attemptLogFields(row: NotificationRow, result: SendSmsResult, durationMs: number) {
  return {
    notificationId: row.id,
    channel: row.channel,
    attempt: row.attempts,
    outcome: result.outcome,
    httpStatus: result.httpStatus,
    providerStatusCode: result.statusCode,
    providerStatus: result.status,
    durationMs,
    ...(row.channel === 'sms' ? { to: maskPhoneNumber(row.recipient) } : {}),
  };
}
