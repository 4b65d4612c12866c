import type { ReportedNotification } from '@sokoni/db';
import { codeNameLabel } from '@sokoni/runtime';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds per request: from a cached read (a few ms) to a slow page of a big list. */
const requestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Seconds from acceptance to the final delivery report (as the worker's histogram). */
const acceptedToReportBuckets = [1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 14_400, 86_400];

/** How an order was placed: a line of free text priced by the caller, or catalogue products. */
export type OrderKind = 'free_text' | 'catalogue';

/**
 * The API's Prometheus metrics, on a registry of its own (tests build several apps in one
 * process). Every name and label is listed in docs/operations.md. Label values are bounded:
 * route templates (never the URL), status classes, and names written by code.
 */
export function createApiMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const ordersCreated = new Counter({
    name: 'sokoni_orders_created_total',
    help: 'Orders placed (committed), by kind: free_text or catalogue',
    labelNames: ['kind'] as const,
    registers,
  });
  const statusTransitions = new Counter({
    name: 'sokoni_order_status_transitions_total',
    help: 'Order status changes (committed), by the status left and the status entered',
    labelNames: ['from', 'to'] as const,
    registers,
  });
  const notificationsWritten = new Counter({
    name: 'sokoni_notifications_written_total',
    help: 'Notifications the API wrote (each owed to a customer or to staff), by channel and trigger',
    labelNames: ['channel', 'trigger'] as const,
    registers,
  });
  const acceptedToReport = new Histogram({
    name: 'sokoni_sms_accepted_to_report_seconds',
    help: 'Seconds from the acceptance of an SMS to its final delivery report, by the status the report gave: delivered, failed, rejected (the API observes most; the worker those whose report came first)',
    labelNames: ['status'] as const,
    buckets: acceptedToReportBuckets,
    registers,
  });

  return {
    registry,
    httpRequestDuration: new Histogram({
      name: 'sokoni_http_request_duration_seconds',
      help: 'HTTP requests by method, route template (unmatched: no route) and status class; its _count is the request rate',
      labelNames: ['method', 'route', 'status_class'] as const,
      buckets: requestBuckets,
      registers,
    }),
    orderCreated(kind: OrderKind): void {
      ordersCreated.inc({ kind });
    },
    statusChanged(from: string, to: string): void {
      statusTransitions.inc({ from: codeNameLabel(from), to: codeNameLabel(to) });
    },
    notificationWritten(channel: string, trigger: string, count = 1): void {
      if (count > 0) {
        notificationsWritten.inc({ channel: codeNameLabel(channel), trigger: codeNameLabel(trigger) }, count);
      }
    },
    /** Observes the delivery latency of the reports a webhook call applied. */
    reportsApplied(reported: readonly ReportedNotification[]): void {
      for (const notification of reported) {
        if (notification.reportedAfterS !== null) {
          acceptedToReport.observe(
            { status: codeNameLabel(notification.status) },
            Math.max(0, notification.reportedAfterS),
          );
        }
      }
    },
  };
}

export type ApiMetrics = ReturnType<typeof createApiMetrics>;

/** What the services record: the business events, not the registry. */
export type BusinessMetrics = Pick<
  ApiMetrics,
  'orderCreated' | 'statusChanged' | 'notificationWritten' | 'reportsApplied'
>;
