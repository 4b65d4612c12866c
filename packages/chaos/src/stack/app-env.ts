import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

/** The simulator's development API key, which the workers send. */
export const SIMULATOR_API_KEY = 'at-sim-dev-key';

/** SMS job settings; the API and the relay both add jobs, so both get them. */
export const smsJobEnv = { SMS_ATTEMPTS: '8', SMS_BACKOFF_MS: '200' };

/**
 * Worker timings shortened so that what production does in minutes happens within the run:
 * a dead worker's job is taken up within seconds, a row whose job Redis lost is handed over
 * again after 15 s, a send cut by a timeout fault is given up after 1.5 s.
 */
export const workerTimings = {
  AT_TIMEOUT_MS: '1500',
  // Every send's timeout must stay below JOB_TIMEOUT_MS (the worker refuses to start otherwise).
  SMTP_TIMEOUT_MS: '1500',
  JOB_TIMEOUT_MS: '4000',
  // Longer than a PostgreSQL outage of the run (5 s): a worker that saw its SMS accepted keeps
  // retrying the record through it, and no other job sends the row meanwhile.
  SMS_RECORD_RETRY_MS: '10000',
  SMS_CONCURRENCY: '10',
  SMS_RATE_LIMIT_MAX: '1000',
  SMS_ACCOUNT_PAUSE_MS: '1000',
  SMS_LOCK_DURATION_MS: '3000',
  SMS_STALLED_INTERVAL_MS: '1000',
  RELAY_INTERVAL_MS: '500',
  RELAY_GRACE_MS: '1000',
  RELAY_REQUEUE_AFTER_MS: '15000',
  RELAY_ENQUEUE_TIMEOUT_MS: '500',
  SHUTDOWN_GRACE_MS: '3000',
  REDIS_READY_TIMEOUT_S: '60',
};

/**
 * Limits meant for production that a run's steady traffic, from one client to a few hundred
 * customers, would otherwise hit, turning the run into a test of them: the request rate limits
 * (RATE_LIMIT_…PER_MINUTE) and any daily SMS cap. Each is raised only if the app reads it
 * (`node apps/<app>/src/config.ts` lists what it reads, with their defaults).
 */
const generousLimit = /^RATE_LIMIT_(.+_)?PER_MINUTE$|DAILY|PER_DAY/;

function variablesRead(app: 'api' | 'worker'): { name: string; default?: string }[] {
  const output = execFileSync(process.execPath, [join(repoRoot, `apps/${app}/src/config.ts`)], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return JSON.parse(output) as { name: string; default?: string }[];
}

/** `variables` without those the app does not read (an older or newer app than this file). */
export function readBy(app: 'api' | 'worker', variables: Record<string, string>): Record<string, string> {
  const names = new Set(variablesRead(app).map((variable) => variable.name));
  return Object.fromEntries(Object.entries(variables).filter(([name]) => names.has(name)));
}

export function generousLimitsFor(app: 'api' | 'worker'): Record<string, string> {
  const reads = variablesRead(app);
  return Object.fromEntries(
    reads
      .filter((variable) => generousLimit.test(variable.name) && /^\d+$/.test(variable.default ?? ''))
      .map((variable) => [variable.name, '100000']),
  );
}
