import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import { Agent, request } from 'undici';
import { type DeliveryPlan, type DeliveryReport, deliveryReportForm, reportsFor } from './delivery-plan.ts';

/** Where and when reports go; changeable at run time through the control API. */
export interface DeliveryReportSettings {
  callbackUrl: string | null;
  /** Time from acceptance to the final report (ms); the interim report comes at a quarter of it. */
  delayMs: number;
}

export interface PostedReport extends DeliveryReport {
  url: string;
  attempts: number;
  delivered: boolean;
  /** Last HTTP status or network error of the callback, when it failed. */
  lastError: string | null;
  postedAt: string;
}

/** A callback answer slower than this counts as a failed attempt (ms). */
const callbackTimeoutMs = 5_000;

/**
 * Posts delivery reports to the callback URL like AT does: form-encoded, one POST per status
 * change, retried with exponential backoff when the receiver fails. Reports for one message go
 * one after the other, so the plan decides the order they arrive in.
 */
export function createDeliveryReporter(options: {
  settings: DeliveryReportSettings;
  retries: number;
  retryBackoffMs: number;
  capacity: number;
  logger: FastifyBaseLogger;
  onPosted: (report: DeliveryReport) => void;
}) {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const closing = new AbortController();
  const running = new Set<Promise<void>>();
  let posted: PostedReport[] = [];

  function schedule(plan: DeliveryPlan): void {
    const url = options.settings.callbackUrl;
    const reports = reportsFor(plan);
    if (url === null || reports.length === 0) {
      return;
    }
    const task = deliver(url, reports, plan.delayMs ?? options.settings.delayMs).catch((error: unknown) => {
      if (!closing.signal.aborted) {
        options.logger.error({ err: error, messageId: plan.id }, 'delivery reports stopped');
      }
    });
    running.add(task);
    void task.finally(() => running.delete(task));
  }

  async function deliver(url: string, reports: DeliveryReport[], delayMs: number): Promise<void> {
    const firstDelay = Math.floor(delayMs / 4);
    await sleep(firstDelay, undefined, { signal: closing.signal });
    for (const [index, report] of reports.entries()) {
      if (index === 1) {
        await sleep(delayMs - firstDelay, undefined, { signal: closing.signal });
      }
      await post(url, report);
    }
  }

  async function post(url: string, report: DeliveryReport): Promise<void> {
    const record: PostedReport = {
      ...report,
      url,
      attempts: 0,
      delivered: false,
      lastError: null,
      postedAt: new Date().toISOString(),
    };
    remember(record);
    for (let attempt = 0; attempt <= options.retries; attempt += 1) {
      if (attempt > 0) {
        await sleep(options.retryBackoffMs * 2 ** (attempt - 1), undefined, { signal: closing.signal });
      }
      record.attempts = attempt + 1;
      record.lastError = await attemptPost(url, report);
      if (record.lastError === null) {
        record.delivered = true;
        options.onPosted(report);
        return;
      }
      options.logger.warn(
        { messageId: report.id, status: report.status, attempt: attempt + 1, error: record.lastError },
        'delivery report callback failed',
      );
    }
  }

  /** Null when the receiver took the report (2xx), else why not. */
  async function attemptPost(url: string, report: DeliveryReport): Promise<string | null> {
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: deliveryReportForm(report).toString(),
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(callbackTimeoutMs)]),
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300 ? null : `HTTP ${response.statusCode}`;
    } catch (error) {
      if (closing.signal.aborted) {
        throw error;
      }
      return error instanceof Error ? error.message : String(error);
    }
  }

  function remember(record: PostedReport): void {
    posted.push(record);
    if (posted.length > options.capacity) {
      posted = posted.slice(posted.length - options.capacity);
    }
  }

  return {
    schedule,
    list: (): PostedReport[] => posted.map((record) => ({ ...record })),
    clear(): void {
      posted = [];
    },
    /** Resolves when nothing is scheduled any more (tests wait on it instead of sleeping). */
    async idle(): Promise<void> {
      while (running.size > 0) {
        await Promise.all([...running]);
      }
    },
    async close(): Promise<void> {
      closing.abort();
      await Promise.all([...running]);
      await agent.close();
    },
  };
}

export type DeliveryReporter = ReturnType<typeof createDeliveryReporter>;
