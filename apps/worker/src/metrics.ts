import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** The worker's Prometheus metrics, on a registry of its own so tests can run several workers. */
export function createWorkerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sends: new Counter({
      name: 'sokoni_sms_sends_total',
      help: "Calls to Africa's Talking by outcome: accepted, permanent, account, transient",
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    accountAlerts: new Counter({
      name: 'sokoni_sms_account_alerts_total',
      help: 'Account-wide refusals (insufficient balance, risk hold, bad credentials) that paused sending',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    reclaimed: new Counter({
      name: 'sokoni_sms_reclaimed_total',
      help: 'Notifications sent again after a worker died mid-send (each a possible duplicate SMS)',
      registers: [registry],
    }),
    skipped: new Counter({
      name: 'sokoni_sms_jobs_skipped_total',
      help: 'Jobs that found their notification already handled (duplicate or late jobs)',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: 'sokoni_sms_job_failures_total',
      help: 'Jobs that failed an attempt, by whether BullMQ will retry them',
      labelNames: ['final'] as const,
      registers: [registry],
    }),
    relayEnqueued: new Counter({
      name: 'sokoni_outbox_relay_enqueued_total',
      help: 'Jobs the outbox relay added (missing from Redis) or ran again (finished while their SMS was owed)',
      registers: [registry],
    }),
    relayRedisDataLost: new Counter({
      name: 'sokoni_outbox_relay_redis_data_lost_total',
      help: 'Times the relay found Redis new or emptied: every SMS handed over before then was checked',
      registers: [registry],
    }),
    relayExpired: new Counter({
      name: 'sokoni_outbox_relay_expired_total',
      help: 'Notifications the relay expired unsent: still owed past SMS_MAX_AGE_MS',
      registers: [registry],
    }),
    relayErrors: new Counter({
      name: 'sokoni_outbox_relay_errors_total',
      help: 'Relay sweeps that failed (database or Redis unavailable)',
      registers: [registry],
    }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
