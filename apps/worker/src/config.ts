import {
  allowInsecureHttp,
  ConfigError,
  describeEnvironment,
  fragments,
  insecureUrlWarnings,
  isPlaceholder,
  loadConfig,
  transportProblems,
} from '@sokoni/config';
import { type Static, Type } from 'typebox';
import { insecureSmtpWarnings, smtpConfig, smtpProblems } from './smtp-config.ts';

const ms = (defaultValue: number, minimum: number, description: string) =>
  Type.Integer({ default: defaultValue, minimum, description });

const workerConfigSchema = Type.Object({
  ...fragments.nodeEnv,
  ...fragments.logging,
  ...fragments.tracing,
  ...fragments.http(3003),
  ...fragments.database,
  ...fragments.redis,
  ...fragments.smsJobs,
  AT_BASE_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        "Africa's Talking API base: https://api.africastalking.com (live), https://api.sandbox.africastalking.com " +
        '(sandbox) or the simulator; required in production, http://localhost:3002 (apps/at-sim) otherwise',
    }),
  ),
  ...allowInsecureHttp,
  ...smtpConfig,
  AT_USERNAME: Type.String({
    default: 'sandbox',
    minLength: 1,
    description: "Africa's Talking app username ('sandbox' for the sandbox)",
  }),
  AT_API_KEY: Type.String({ minLength: 1, description: "Africa's Talking API key of that app (secret)" }),
  AT_SENDER_ID: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 11,
      description: "registered short code or alphanumeric sender id; unset → Africa's Talking's default",
    }),
  ),
  AT_ENQUEUE: Type.Boolean({
    default: false,
    description: "send enqueue=1: Africa's Talking answers before the telcos acknowledge",
  }),
  AT_TIMEOUT_MS: ms(10_000, 100, "longest one send to Africa's Talking may take"),
  SMS_CONCURRENCY: Type.Integer({
    default: 20,
    minimum: 1,
    description: 'SMS sent at once by one worker process',
  }),
  SMS_RATE_LIMIT_MAX: Type.Integer({
    default: 100,
    minimum: 1,
    description:
      "SMS per SMS_RATE_LIMIT_DURATION_MS across all workers (Africa's Talking's per-account limit)",
  }),
  SMS_RATE_LIMIT_DURATION_MS: ms(1000, 1, 'window of SMS_RATE_LIMIT_MAX'),
  SMS_ACCOUNT_PAUSE_MS: ms(
    60_000,
    100,
    'how long sending stops after an account-wide refusal (insufficient balance, risk hold, bad credentials)',
  ),
  SMS_LOCK_DURATION_MS: ms(
    30_000,
    1000,
    'BullMQ job lock; a job whose worker died is taken up again after about this long',
  ),
  SMS_STALLED_INTERVAL_MS: ms(30_000, 500, 'how often BullMQ looks for jobs whose worker died'),
  JOB_TIMEOUT_MS: ms(30_000, 1000, 'longest one send may take before its outcome is recorded'),
  SMS_RECORD_RETRY_MS: ms(
    120_000,
    1000,
    "how long a worker keeps trying to record a send Africa's Talking accepted while PostgreSQL is unreachable",
  ),
  SMS_MAX_AGE_MS: ms(
    24 * 3_600_000,
    60_000,
    "an SMS still unsent this long after its order change is marked 'expired' (reason in last_error), never sent",
  ),
  SMS_DAILY_CAP_PER_CUSTOMER: Type.Integer({
    default: 20,
    minimum: 0,
    description:
      "SMS one customer may be sent in 24 h; beyond it an owed SMS is marked 'suppressed' (reason in last_error), " +
      "never sent; an operator's resend is sent anyway (and counted); 0 turns the cap off",
  }),
  RELAY_INTERVAL_MS: ms(2000, 10, 'how often the outbox relay looks for SMS that never reached the queue'),
  RELAY_GRACE_MS: ms(
    5000,
    0,
    "age of a 'pending' row before the relay enqueues it (the API normally does first)",
  ),
  RELAY_BATCH_SIZE: Type.Integer({
    default: 500,
    minimum: 1,
    maximum: 10_000,
    description: 'rows per relay sweep',
  }),
  RELAY_REQUEUE_AFTER_MS: ms(
    10 * 60_000,
    1000,
    "age of a 'queued' or 'sending' row the queue never finished before its job is added again",
  ),
  // Not ENQUEUE_TIMEOUT_MS: that is the API's much shorter wait, and compose gives both apps one .env.
  RELAY_ENQUEUE_TIMEOUT_MS: ms(2000, 10, 'longest the relay waits for Redis to take a batch'),
  SHUTDOWN_GRACE_MS: ms(20_000, 0, 'on SIGTERM, how long active sends may take to finish'),
  REDIS_READY_TIMEOUT_S: Type.Integer({
    default: 30,
    minimum: 1,
    description: '/healthz fails when the worker has had no ready Redis connection for this long',
  }),
});

export type WorkerConfig = Static<typeof workerConfigSchema> & { AT_BASE_URL: string };

/** apps/at-sim, the simulator; never a default in production. */
const SIMULATOR_BASE_URL = 'http://localhost:3002';

/** Parses the environment and checks the rules between variables. */
export function loadWorkerConfig(env: Record<string, string | undefined> = process.env): WorkerConfig {
  const loaded = loadConfig(workerConfigSchema, env);
  const problems: string[] = [];
  if (loaded.AT_BASE_URL === undefined && loaded.NODE_ENV === 'production') {
    problems.push(
      "AT_BASE_URL is required in production: Africa's Talking API base, e.g. https://api.africastalking.com",
    );
  }
  const config = { ...loaded, AT_BASE_URL: loaded.AT_BASE_URL ?? SIMULATOR_BASE_URL };
  problems.push(...transportProblems('AT_BASE_URL', config.AT_BASE_URL, config));
  if (isPlaceholder(config.AT_API_KEY)) {
    problems.push("AT_API_KEY is a placeholder: set your Africa's Talking API key");
  }
  if (config.JOB_TIMEOUT_MS <= config.AT_TIMEOUT_MS) {
    // Otherwise a live send could be mistaken for a dead one and sent twice.
    problems.push('JOB_TIMEOUT_MS must be greater than AT_TIMEOUT_MS');
  }
  if (config.JOB_TIMEOUT_MS <= config.SMTP_TIMEOUT_MS) {
    problems.push('JOB_TIMEOUT_MS must be greater than SMTP_TIMEOUT_MS');
  }
  problems.push(...smtpProblems(config));
  if (config.RELAY_REQUEUE_AFTER_MS <= config.JOB_TIMEOUT_MS) {
    problems.push('RELAY_REQUEUE_AFTER_MS must be greater than JOB_TIMEOUT_MS');
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}

/**
 * How long a row may stay `sending` before it counts as left by a dead worker and is sent again.
 * A live worker holds it for its send (under JOB_TIMEOUT_MS), then for as long as it retries the
 * record of an accepted send, plus one last record attempt still in flight: taking the row over
 * any sooner would send the SMS twice while its first worker waits out a database outage.
 */
export function sendingAbandonedAfterMs(
  config: Pick<WorkerConfig, 'JOB_TIMEOUT_MS' | 'SMS_RECORD_RETRY_MS'>,
): number {
  return 2 * config.JOB_TIMEOUT_MS + config.SMS_RECORD_RETRY_MS;
}

/** What the worker logs as a warning at every start while ALLOW_INSECURE_HTTP or ALLOW_INSECURE_SMTP lets plain traffic through. */
export function insecureTransportWarnings(config: WorkerConfig): string[] {
  return [
    ...insecureUrlWarnings({ AT_BASE_URL: config.AT_BASE_URL }, config),
    ...insecureSmtpWarnings(config),
  ];
}

// `node apps/worker/src/config.ts` prints the variables the worker reads, with their defaults, as JSON:
// what the deployment checks hold .env.example, compose and the chart to, without importing the worker.
if (import.meta.main) {
  console.log(JSON.stringify(describeEnvironment(workerConfigSchema, { AT_BASE_URL: SIMULATOR_BASE_URL })));
}
