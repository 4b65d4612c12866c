import type { NotificationRow, ReportedNotification } from '@sokoni/db';
import { codeNameLabel, knownLabel } from '@sokoni/runtime';
import { recipientStatusNames, type SendSmsResult } from '@sokoni/sms-gateway';
import type { WorkerMetrics } from './metrics.ts';

/** The per-recipient codes Africa's Talking documents; any other code is counted as `other`. */
const knownRecipientCodes = new Set(Object.keys(recipientStatusNames));

/** "KES 0.8000", as Africa's Talking writes a cost; anything else is not counted. */
const costPattern = /^([A-Z]{3}) (\d+(?:\.\d+)?)$/;

type Labelled = Pick<NotificationRow, 'channel' | 'trigger'>;

/** The status a notification is left in when the worker is done with it. */
export type FinishedStatus = 'sent' | 'failed' | 'suppressed' | 'expired';

/**
 * Counts one send: its outcome, AT's per-recipient status code, and for an accepted SMS its
 * cost, its segments and the time since the commit that owed it.
 */
export function observeSend(
  metrics: WorkerMetrics,
  row: Pick<NotificationRow, 'channel' | 'createdAt' | 'segments'>,
  result: SendSmsResult,
  now: Date = new Date(),
): void {
  const channel = codeNameLabel(row.channel);
  metrics.sends.inc({ outcome: result.outcome });
  if (channel === 'sms') {
    metrics.recipientStatus.inc({ code: knownLabel(result.statusCode, knownRecipientCodes) });
  }
  if (result.outcome !== 'accepted') {
    return;
  }
  metrics.commitToAccepted.observe(
    { channel },
    Math.max(0, (now.getTime() - row.createdAt.getTime()) / 1000),
  );
  if (channel !== 'sms') {
    return;
  }
  metrics.segments.inc(row.segments);
  const cost = costPattern.exec(result.cost ?? '');
  if (cost) {
    metrics.cost.inc({ currency: cost[1] as string }, Number(cost[2]));
  }
}

/**
 * Counts a notification the worker is done with. `row` is undefined where the worker decides
 * without reading the row (the daily cap, the relay's expiry): channel and trigger are `unknown`.
 */
export function observeFinished(
  metrics: WorkerMetrics,
  row: Labelled | undefined,
  status: FinishedStatus,
  count = 1,
): void {
  metrics.notificationsFinished.inc(
    {
      channel: row === undefined ? 'unknown' : codeNameLabel(row.channel),
      trigger: row === undefined ? 'unknown' : codeNameLabel(row.trigger),
      status,
    },
    count,
  );
}

/** Observes the delivery latency of the reports a call applied (those with reportedAfterS). */
export function observeReports(
  metric: WorkerMetrics['acceptedToReport'],
  reported: readonly ReportedNotification[],
): void {
  for (const notification of reported) {
    if (notification.reportedAfterS !== null) {
      metric.observe(
        { status: codeNameLabel(notification.status) },
        Math.max(0, notification.reportedAfterS),
      );
    }
  }
}
