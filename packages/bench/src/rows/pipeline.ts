import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { BenchContext } from '../context.ts';
import { createCustomerThroughApi } from '../data/customers.ts';
import { allSimulatorMessages, type SimulatorMessage } from '../data/simulator-messages.ts';
import { settleOrders, verifyPlacedOrders } from '../data/verify-orders.ts';
import { runHttpLoad } from '../load/http-load.ts';
import { cpuSecondsOf, memoryOf } from '../measure/proc.ts';
import { percentile, summarize } from '../measure/stats.ts';
import { judge, type RowResult } from '../report/results.ts';
import type { AppProcess } from '../stack/app-process.ts';
import { startApi, startSimulator, startWorker } from '../stack/apps.ts';

const CONNECTIONS = 32;

/**
 * Row 5, the SMS latency and row 10: the whole system at once on the same cores. The API takes
 * orders as fast as it can while the worker sends their SMS to the simulator, which posts
 * delivery reports back to the API; Africa's Talking's per-account rate limit is lifted so the
 * worker is not held at 100/s. Afterwards every order's SMS must have reached the simulator
 * exactly once. Then orders arrive at a steady rate to time commit → simulator receipt.
 */
export async function measurePipeline(context: BenchContext, apiOnlyRate: number): Promise<RowResult[]> {
  const { plan } = context;
  context.progress(`row 5: the whole pipeline for ${plan.pipelineS} s (API, worker, simulator, reports)`);
  const databaseUrl = await context.databases.create('pipeline');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const queuePrefix = `bench-pipeline-${randomBytes(3).toString('hex')}`;
  const webhookSecret = randomBytes(32).toString('hex');
  const processes: AppProcess[] = [];
  try {
    const api = await startApi({
      name: 'api-pipeline',
      databaseUrl,
      redisUrl: context.redisUrl,
      queuePrefix,
      issuer: context.issuer,
      webhookSecret,
    });
    processes.push(api);
    const simulator = await startSimulator({
      name: 'at-sim-pipeline',
      callbackUrl: `${api.url}/v1/webhooks/africastalking/delivery-reports/${webhookSecret}`,
    });
    processes.push(simulator);
    const worker = await startWorker({
      name: 'worker-pipeline',
      databaseUrl,
      redisUrl: context.redisUrl,
      queuePrefix,
      simulatorUrl: simulator.url,
      overrides: { SMS_RATE_LIMIT_MAX: '1000000' },
    });
    processes.push(worker);
    const customerId = await createCustomerThroughApi(api.url, context.token);
    const place = (tag: string, durationS: number, overallRate?: number) =>
      runHttpLoad({
        baseUrl: api.url,
        method: 'POST',
        paths: ['/v1/orders'],
        headers: { authorization: `Bearer ${context.token}`, 'content-type': 'application/json' },
        bodies: [JSON.stringify({ customerId, item: tag, amount: '180.00' })],
        connections: CONNECTIONS,
        durationS,
        ...(overallRate !== undefined ? { overallRate } : {}),
      });

    // Resident memory sampled through the load; VmHWM keeps the peak between samples too.
    const peaks = { api: 0, worker: 0 };
    const sampler = setInterval(() => {
      peaks.api = Math.max(peaks.api, memoryOf(api.pid).rssMiB);
      peaks.worker = Math.max(peaks.worker, memoryOf(worker.pid).rssMiB);
    }, 500);
    const workerCpuBefore = cpuSecondsOf(worker.pid);
    const tag = 'bench pipeline';
    const load = await place(tag, plan.pipelineS);
    await settleOrders(pool, tag);
    const { orders, violations } = await verifyPlacedOrders(pool, tag, load, CONNECTIONS);
    const drainStarted = performance.now();
    const drained = await waitForSms(pool, tag, Math.max(30, plan.pipelineS));
    const drainS = (performance.now() - drainStarted) / 1000;
    const workerCpuMs = (cpuSecondsOf(worker.pid) - workerCpuBefore) * 1000;
    clearInterval(sampler);
    if (!drained.done) {
      violations.push(`${drained.owed} SMS still owed ${Math.round(drainS)} s after the load`);
    }
    const messages = await allSimulatorMessages(simulator.url);
    violations.push(...(await countSmsPerOrder(pool, tag, messages)));
    const memory = { api: memoryOf(api.pid), worker: memoryOf(worker.pid) };

    context.progress(`row 5: SMS latency at ${plan.latencyRate} orders/s`);
    const latencyTag = 'bench latency';
    const steady = await place(latencyTag, plan.latencyS, plan.latencyRate);
    await settleOrders(pool, latencyTag);
    const latencyCheck = await verifyPlacedOrders(pool, latencyTag, steady, CONNECTIONS);
    const latencyDrained = await waitForSms(pool, latencyTag, 30);
    if (!latencyDrained.done) {
      latencyCheck.violations.push(`${latencyDrained.owed} SMS still owed 30 s after the steady orders`);
    }
    const { latencies, orders: steadyOrders } = await smsLatencies(
      pool,
      latencyTag,
      await allSimulatorMessages(simulator.url),
    );
    if (latencies.length < steadyOrders) {
      latencyCheck.violations.push(
        `${steadyOrders - latencies.length} of ${steadyOrders} orders have no SMS at the simulator`,
      );
    }

    return [
      judge({
        id: 'pipeline',
        row: 5,
        label: `whole pipeline, orders/s for ${plan.pipelineS} s (${CONNECTIONS} connections)`,
        unit: 'orders/s',
        figure: summarize([load.rate]),
        baseline: {
          label: `POST /v1/orders alone, ${CONNECTIONS} connections (rows 1)`,
          figure: summarize([apiOnlyRate]),
        },
        ratio: load.rate / apiOnlyRate,
        target: { kind: 'ratio-at-least', text: '≥ 0.5×, each SMS sent once', value: 0.5 },
        notes: [
          `${orders} orders; every SMS at the simulator ${Math.round(drainS)} s after the load stopped`,
          `p99 ${load.latency.p99} ms; worker CPU ${(workerCpuMs / Math.max(1, drained.finished)).toFixed(2)} ms per SMS`,
        ],
        violations,
      }),
      judge({
        id: 'sms-latency',
        row: 5,
        label: `SMS latency, order commit → simulator, at ${plan.latencyRate} orders/s (p99)`,
        unit: 'ms',
        figure: summarize([percentile(latencies, 99)]),
        target: { kind: 'at-most', text: '≤ 250 ms', value: 250 },
        notes: [
          `p50 ${Math.round(percentile(latencies, 50))} ms, max ${Math.round(Math.max(...latencies))} ms over ${latencies.length} orders (achieved ${Math.round(steady.rate)}/s)`,
          'from the notification’s created_at (its transaction’s start), so slightly more than from the commit',
        ],
        violations: latencyCheck.violations,
      }),
      judge({
        id: 'memory-api',
        row: 10,
        label: 'API resident memory under the pipeline load (VmHWM)',
        unit: 'MiB',
        figure: summarize([memory.api.peakMiB]),
        target: { kind: 'at-most', text: '≤ 150 MB', value: 150 },
        notes: [`VmRSS sampled every 0.5 s peaked at ${Math.round(peaks.api)} MiB`],
        violations: [],
      }),
      judge({
        id: 'memory-worker',
        row: 10,
        label: 'worker resident memory under the pipeline load (VmHWM)',
        unit: 'MiB',
        figure: summarize([memory.worker.peakMiB]),
        target: { kind: 'at-most', text: '≤ 120 MB', value: 120 },
        notes: [`VmRSS sampled every 0.5 s peaked at ${Math.round(peaks.worker)} MiB`],
        violations: [],
      }),
    ];
  } finally {
    await Promise.all(processes.reverse().map((app) => app.stop()));
    await pool.end();
  }
}

/**
 * Polls until no SMS of the tag's orders is still owed (pending, queued or sending); returns
 * whether that happened before the deadline and how many were past the worker by then.
 */
async function waitForSms(pool: pg.Pool, tag: string, deadlineS: number) {
  const deadline = Date.now() + deadlineS * 1000;
  for (;;) {
    const { rows } = await pool.query<{ finished: string; owed: string }>(
      `SELECT count(*) FILTER (WHERE n.status IN ('sent', 'delivered', 'failed', 'rejected')) AS finished,
         count(*) FILTER (WHERE n.status IN ('pending', 'queued', 'sending')) AS owed
       FROM notifications n JOIN orders o ON o.id = n.order_id WHERE o.item = $1`,
      [tag],
    );
    const finished = Number(rows[0]?.finished ?? 0);
    const owed = Number(rows[0]?.owed ?? 0);
    if (owed === 0 || Date.now() > deadline) {
      return { done: owed === 0, finished, owed };
    }
    await sleep(250);
  }
}

const orderNumberOf = (text: string) => /ORD-\d+/.exec(text)?.[0];

/** Each of the tag's orders must have reached the simulator exactly once. */
async function countSmsPerOrder(pool: pg.Pool, tag: string, messages: SimulatorMessage[]): Promise<string[]> {
  const received = new Map<string, number>();
  for (const message of messages) {
    const number = orderNumberOf(message.message);
    if (number) {
      received.set(number, (received.get(number) ?? 0) + 1);
    }
  }
  const { rows } = await pool.query<{ number: string }>('SELECT number FROM orders WHERE item = $1', [tag]);
  const missing = rows.filter((row) => !received.has(row.number)).length;
  const repeated = rows.filter((row) => (received.get(row.number) ?? 0) > 1).length;
  return [
    ...(missing > 0 ? [`${missing} orders' SMS never reached the simulator`] : []),
    ...(repeated > 0 ? [`${repeated} orders' SMS reached the simulator more than once`] : []),
  ];
}

/** ms from each order's notification row to its SMS at the simulator, and the orders asked about. */
async function smsLatencies(pool: pg.Pool, tag: string, messages: SimulatorMessage[]) {
  const receivedAt = new Map<string, number>();
  for (const message of messages) {
    const number = orderNumberOf(message.message);
    if (number) {
      receivedAt.set(number, Date.parse(message.receivedAt));
    }
  }
  const { rows } = await pool.query<{ number: string; created_at: Date }>(
    `SELECT o.number, n.created_at FROM orders o JOIN notifications n ON n.order_id = o.id WHERE o.item = $1`,
    [tag],
  );
  const latencies = rows.flatMap((row) => {
    const at = receivedAt.get(row.number);
    return at === undefined ? [] : [at - row.created_at.getTime()];
  });
  return { latencies, orders: rows.length };
}
