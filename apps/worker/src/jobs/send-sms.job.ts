import { setTimeout as sleep } from 'node:timers/promises';
import { jobPayloads, SEND_SMS_JOB } from '@sokoni/contracts';
import {
  type AcceptedSend,
  type ClaimResult,
  claimNotificationForSend,
  claimNotificationsForSend,
  type Database,
  insertNotificationAttempt,
  markNotificationFailed,
  markNotificationsSent,
  type NotificationRow,
  releaseNotification,
  sendingAgeMs,
  suppressNotificationsOverDailyCap,
} from '@sokoni/db';
import { createBatcher } from '@sokoni/runtime';
import type { SendSmsResult, SmsGateway } from '@sokoni/sms-gateway';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { Value } from 'typebox/value';
import type { EmailGateway } from '../email/smtp-email-gateway.ts';
import type { WorkerMetrics } from '../metrics.ts';
import { observeFinished, observeReports, observeSend } from '../send-metrics.ts';
import { attemptLogFields, tracedSend } from './send-attempt.ts';

export interface SendSmsJobDeps {
  db: Database;
  gateway: SmsGateway;
  /** Sends the rows of channel `email` (staff e-mails); absent: SMTP is not configured, they fail. */
  email?: EmailGateway | undefined;
  metrics: WorkerMetrics;
  log: Logger;
  /** Stops every worker of the queue from taking jobs for this long (an account-wide refusal). */
  pauseQueue: (ms: number) => Promise<void>;
  accountPauseMs: number;
  /**
   * A row `sending` for longer than this was left by a dead worker (see claimNotificationForSend):
   * more than a live job can hold it, its send and recordRetryMs together.
   */
  staleSendingMs: number;
  /** A row still owed this long after it was written is expired, not sent (SMS_MAX_AGE_MS). */
  maxAgeMs: number;
  /** SMS a customer may be sent in 24 h; beyond it an owed one is suppressed (SMS_DAILY_CAP_PER_CUSTOMER; 0 or absent: no cap). */
  dailyCapPerCustomer?: number;
  /** Most claims or results written in one statement. */
  maxBatch?: number;
  /** How long the record of an accepted send is retried before the job gives up (ms). */
  recordRetryMs?: number;
  /** True once shutdown has abandoned the jobs still running: their connections are closing. */
  abandoned?: () => boolean;
}

export type SendSmsJobResult =
  | { outcome: 'sent'; providerMessageId: string | null }
  | { outcome: 'skipped'; status: string };

/** The trigger of an operator's resend (apps/api's notifications service writes it). */
const RESEND_TRIGGER = 'resend';

/** How long a job waits before looking again at a row another worker is sending (ms). */
const recheckFloorMs = 250;

/** First and longest pause between two tries at recording an accepted send (ms). */
const recordRetryFirstMs = 100;
const recordRetryMaxMs = 5000;

/**
 * Sends one notification: an SMS, or a staff e-mail (channel `email`, through SMTP; the daily
 * SMS cap counts SMS only). The row in PostgreSQL decides everything: the job is only
 * a reminder to look at it, so a duplicate or late job is harmless. Throws, as BullMQ expects:
 * UnrecoverableError for a permanent refusal, RateLimitError for an account-wide one (the job is
 * kept and no attempt is burnt), a plain Error for a transient one (retried with backoff).
 */
export function createSendSmsJob(deps: SendSmsJobDeps) {
  const { db, gateway, metrics, log } = deps;
  const maxBatch = deps.maxBatch ?? 100;
  const recordRetryMs = deps.recordRetryMs ?? 5 * 60_000;
  const dailyCap = deps.dailyCapPerCustomer ?? 0;

  // Claims of the jobs started in the same turn go to PostgreSQL as one statement. A row is
  // handed to one job only, even if two jobs for it are in the batch; the rest (not claimable,
  // past their maximum age, or maybe left `sending` by a dead worker) take the single path,
  // which tells them apart and expires the ones too old to send.
  const claimFresh = createBatcher<string, ClaimResult | undefined>({
    maxSize: maxBatch,
    run: async (ids) => {
      const rows = new Map(
        (await claimNotificationsForSend(db, [...new Set(ids)], deps.maxAgeMs)).map((row) => [row.id, row]),
      );
      return ids.map((id) => {
        const row = rows.get(id);
        rows.delete(id);
        return row ? { claimed: true, row, reclaimed: false } : undefined;
      });
    },
  });
  // The daily cap, checked for the jobs started in the same turn in one statement, before their
  // claim: a suppressed row never becomes `sending` and spends no attempt. An operator's resend
  // is exempt: someone chose to send that message to that customer again (a staff scope, at most
  // one resend per original), which is not the abuse the cap is for. It still counts, being an
  // SMS the customer was sent.
  const suppressOverCap = createBatcher<string, boolean>({
    maxSize: maxBatch,
    run: async (ids) => {
      const suppressed = new Set(
        await suppressNotificationsOverDailyCap(db, {
          ids: [...new Set(ids)],
          cap: dailyCap,
          exemptTriggers: [RESEND_TRIGGER],
        }),
      );
      return ids.map((id) => suppressed.has(id));
    },
  });
  const recordSent = createBatcher<AcceptedSend, undefined>({
    maxSize: maxBatch,
    run: async (sends) => {
      observeReports(metrics.acceptedToReport, await markNotificationsSent(db, sends));
      return sends.map(() => undefined);
    },
  });

  return async function sendSms(job: Job, token?: string): Promise<SendSmsJobResult> {
    if (!Value.Check(jobPayloads[SEND_SMS_JOB], job.data)) {
      throw new UnrecoverableError(`job ${job.id} carries a payload this worker does not know`);
    }
    const { notificationId } = job.data;
    if (dailyCap > 0 && (await suppressOverCap(notificationId))) {
      metrics.skipped.inc({ status: 'suppressed' });
      observeFinished(metrics, undefined, 'suppressed');
      log.info({ notificationId }, "SMS suppressed: over the customer's daily cap");
      return { outcome: 'skipped', status: 'suppressed' };
    }
    const claim =
      (await claimFresh(notificationId)) ??
      (await claimNotificationForSend(db, notificationId, {
        staleSendingMs: deps.staleSendingMs,
        maxAgeMs: deps.maxAgeMs,
      }));
    if (!claim.claimed) {
      if (claim.row === undefined) {
        throw new UnrecoverableError(`notification ${notificationId} does not exist`);
      }
      if (claim.row.status === 'sending') {
        // Another worker is sending it right now, or died doing so: look again once that send
        // must have ended. DelayedError does not count as an attempt.
        const wait = Math.max(deps.staleSendingMs - sendingAgeMs(claim.row), recheckFloorMs);
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      metrics.skipped.inc({ status: claim.row.status });
      return { outcome: 'skipped', status: claim.row.status };
    }
    const row = claim.row;
    if (claim.reclaimed) {
      metrics.reclaimed.inc();
      log.warn(
        { notificationId, attempt: row.attempts },
        'sending again a notification a dead worker left mid-send; a duplicate SMS is possible',
      );
    }

    const startedAt = new Date();
    const result = await tracedSend(row, () => sendRow(row));
    observeSend(metrics, row, result);
    log.info(attemptLogFields(row, result, Date.now() - startedAt.getTime()), 'send attempt');
    const attempt = { notificationId, attempt: row.attempts, startedAt, ...attemptFields(result) };

    switch (result.outcome) {
      case 'accepted': {
        await recordAccepted({
          notificationId,
          providerMessageId: result.messageId,
          providerStatusCode: result.statusCode,
          cost: result.cost,
          attempt: row.attempts,
          httpStatus: result.httpStatus,
          startedAt,
        });
        observeFinished(metrics, row, 'sent');
        return { outcome: 'sent', providerMessageId: result.messageId };
      }
      case 'permanent': {
        await db.transaction(async (tx) => {
          await insertNotificationAttempt(tx, attempt);
          await markNotificationFailed(tx, notificationId, failureOf(result));
        });
        observeFinished(metrics, row, 'failed');
        log.warn({ notificationId, detail: result.detail }, 'SMS refused for good');
        throw new UnrecoverableError(result.detail);
      }
      case 'account': {
        await record(attempt, row, result, false);
        metrics.accountAlerts.inc({ status: result.status });
        log.error(
          {
            alert: 'sms-account-blocked',
            notificationId,
            detail: result.detail,
            pauseMs: deps.accountPauseMs,
          },
          "ALERT: Africa's Talking refuses every SMS of this account; sending paused",
        );
        await deps.pauseQueue(deps.accountPauseMs);
        throw Worker.RateLimitError();
      }
      case 'throttled': {
        // AT asked us to slow down: every worker holds its sends for the time AT gave, and this
        // job runs again without spending an attempt.
        const pauseMs = result.retryAfterMs ?? 1000;
        await record(attempt, row, result, false);
        log.warn({ notificationId, pauseMs }, "Africa's Talking is limiting the request rate; sending held");
        await deps.pauseQueue(pauseMs);
        throw Worker.RateLimitError();
      }
      default: {
        const attempts = job.opts.attempts ?? 1;
        const lastAttempt = job.attemptsMade + 1 >= attempts;
        await record(attempt, row, result, lastAttempt);
        if (lastAttempt) {
          observeFinished(metrics, row, 'failed');
          log.warn({ notificationId, attempts, detail: result.detail }, 'SMS failed after its last attempt');
        }
        throw new Error(result.detail);
      }
    }
  };

  /**
   * Sends the row through its channel: an SMS through Africa's Talking, a staff e-mail through
   * SMTP. Both answer with the same classified result, so claims, retries and records are one.
   */
  async function sendRow(row: NotificationRow): Promise<SendSmsResult> {
    if (row.channel !== 'email') {
      return gateway.send({ to: row.recipient, message: row.body });
    }
    if (deps.email === undefined) {
      return {
        outcome: 'permanent',
        httpStatus: null,
        statusCode: null,
        status: 'no-smtp',
        messageId: null,
        cost: null,
        detail: 'this worker has no SMTP server (SMTP_HOST is not set): it cannot send e-mail',
      };
    }
    return deps.email.send(row);
  }

  /**
   * Records a send Africa's Talking accepted, retrying the write for a while. Failing the job
   * instead would leave the row `sending`, and the retried job would take it over and send the
   * SMS a second time for what is only a database blink (a failover, a restart). No other job
   * takes the row over while this one retries: a row counts as abandoned only once `sending` for
   * longer than the send and these retries together (sendingAbandonedAfterMs in config.ts).
   */
  async function recordAccepted(send: AcceptedSend): Promise<void> {
    const giveUpAt = Date.now() + recordRetryMs;
    for (let pause = recordRetryFirstMs; ; pause = Math.min(pause * 2, recordRetryMaxMs)) {
      try {
        await recordSent(send);
        return;
      } catch (error) {
        if (Date.now() + pause > giveUpAt || deps.abandoned?.()) {
          throw error;
        }
        log.warn(
          { err: error, notificationId: send.notificationId, retryInMs: pause },
          'could not record an accepted SMS; retrying the record, not the send',
        );
        await sleep(pause);
      }
    }
  }

  /** Records a failed attempt and puts the row back for a retry, or fails it when none is left. */
  async function record(
    attempt: Parameters<typeof insertNotificationAttempt>[1],
    row: NotificationRow,
    result: SendSmsResult,
    giveUp: boolean,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      await insertNotificationAttempt(tx, attempt);
      if (giveUp) {
        const failure = failureOf(result);
        await markNotificationFailed(tx, row.id, {
          ...failure,
          error: `gave up after ${row.attempts} attempts: ${failure.error}`,
        });
      } else {
        await releaseNotification(tx, row.id, failureOf(result));
      }
    });
  }
}

function attemptFields(result: SendSmsResult) {
  return {
    outcome: result.outcome,
    httpStatus: result.httpStatus,
    providerStatusCode: result.statusCode,
    providerMessageId: result.messageId,
    cost: result.cost,
    error: result.outcome === 'accepted' ? null : result.detail,
  };
}

function failureOf(result: SendSmsResult) {
  return { error: result.detail, providerStatusCode: result.statusCode };
}
