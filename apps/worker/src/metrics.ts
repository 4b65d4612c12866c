import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Seconds from an order's commit to the provider's acceptance: the SLO is under a second. */
const commitToAcceptedBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/** Seconds from acceptance to the final delivery report: telcos take seconds to hours. */
const acceptedToReportBuckets = [1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 14_400, 86_400];

/** Rows in one relay batch (RELAY_BATCH_SIZE is 500 by default). */
const relayBatchBuckets = [1, 5, 10, 25, 50, 100, 250, 500, 1000];

/**
 * The worker's Prometheus metrics, on a registry of its own so tests can run several workers.
 * Every name and label is listed in docs/operations.md; label values are bounded
 * (`@sokoni/runtime`'s metric-labels): no ids, phone numbers, order numbers or addresses.
 * The gauges read on each scrape (queue depth, outbox lag) are in scrape-gauges.ts.
 */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    sends: new Counter({
      name: 'sokoni_sms_sends_total',
      help: "Sends to the provider (Africa's Talking, or SMTP for e-mail) by outcome: accepted, permanent, account, throttled, transient",
      labelNames: ['outcome'] as const,
      registers,
    }),
    accountAlerts: new Counter({
      name: 'sokoni_sms_account_alerts_total',
      help: 'Account-wide refusals (insufficient balance, risk hold, bad credentials) that paused sending',
      labelNames: ['status'] as const,
      registers,
    }),
    reclaimed: new Counter({
      name: 'sokoni_sms_reclaimed_total',
      help: 'Notifications sent again after a worker died mid-send (each a possible duplicate SMS)',
      registers,
    }),
    skipped: new Counter({
      name: 'sokoni_sms_jobs_skipped_total',
      help: 'Jobs that found their notification already handled (duplicate or late jobs)',
      labelNames: ['status'] as const,
      registers,
    }),
    jobFailures: new Counter({
      name: 'sokoni_sms_job_failures_total',
      help: 'Jobs that failed an attempt, by whether BullMQ will retry them',
      labelNames: ['final'] as const,
      registers,
    }),
    notificationsFinished: new Counter({
      name: 'sokoni_notifications_finished_total',
      help: 'Notifications the worker finished with, by channel, trigger and the status it left them in: sent, failed, suppressed, expired',
      labelNames: ['channel', 'trigger', 'status'] as const,
      registers,
    }),
    recipientStatus: new Counter({
      name: 'sokoni_sms_recipient_status_total',
      help: "Africa's Talking per-recipient status codes of SMS sends (other: a code AT does not document; none: no recipient in the answer)",
      labelNames: ['code'] as const,
      registers,
    }),
    commitToAccepted: new Histogram({
      name: 'sokoni_notification_commit_to_accepted_seconds',
      help: 'Seconds from the commit that owed a notification to its acceptance by the provider',
      labelNames: ['channel'] as const,
      buckets: commitToAcceptedBuckets,
      registers,
    }),
    acceptedToReport: new Histogram({
      name: 'sokoni_sms_accepted_to_report_seconds',
      help: 'Seconds from the acceptance of an SMS to its final delivery report, by the status the report gave: delivered, failed, rejected (the API observes most; the worker those whose report came first)',
      labelNames: ['status'] as const,
      buckets: acceptedToReportBuckets,
      registers,
    }),
    cost: new Counter({
      name: 'sokoni_sms_cost_total',
      help: "What Africa's Talking charged for accepted SMS, in units of the currency",
      labelNames: ['currency'] as const,
      registers,
    }),
    segments: new Counter({
      name: 'sokoni_sms_segments_total',
      help: 'Segments of the SMS the provider accepted (what is billed: one long SMS is several)',
      registers,
    }),
    jobsCompleted: new Counter({
      name: 'sokoni_queue_jobs_completed_total',
      help: 'Jobs this worker completed, by queue (skipped duplicates included)',
      labelNames: ['queue'] as const,
      registers,
    }),
    jobsFailed: new Counter({
      name: 'sokoni_queue_jobs_failed_total',
      help: 'Jobs that failed for good (no attempt left, or a permanent error), by queue',
      labelNames: ['queue'] as const,
      registers,
    }),
    jobsRetried: new Counter({
      name: 'sokoni_queue_jobs_retried_total',
      help: 'Failed attempts that BullMQ will retry with backoff, by queue',
      labelNames: ['queue'] as const,
      registers,
    }),
    relayEnqueued: new Counter({
      name: 'sokoni_outbox_relay_enqueued_total',
      help: 'Jobs the outbox relay added (missing from Redis) or ran again (finished while their SMS was owed)',
      registers,
    }),
    relayBatchRows: new Histogram({
      name: 'sokoni_outbox_relay_batch_rows',
      help: 'Rows the outbox relay claimed per batch (batches with no row are not observed)',
      buckets: relayBatchBuckets,
      registers,
    }),
    relayRequeued: new Counter({
      name: 'sokoni_outbox_relay_requeued_total',
      help: 'Rows the relay claimed again because their earlier hand-over went stale (queued or sending too long, or Redis lost its data)',
      registers,
    }),
    relayRedisDataLost: new Counter({
      name: 'sokoni_outbox_relay_redis_data_lost_total',
      help: 'Times the relay found Redis new or emptied: every SMS handed over before then was checked',
      registers,
    }),
    relayExpired: new Counter({
      name: 'sokoni_outbox_relay_expired_total',
      help: 'Notifications the relay expired unsent: still owed past SMS_MAX_AGE_MS',
      registers,
    }),
    relayErrors: new Counter({
      name: 'sokoni_outbox_relay_errors_total',
      help: 'Relay sweeps that failed (database or Redis unavailable)',
      registers,
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
