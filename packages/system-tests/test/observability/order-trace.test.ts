import { notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { type ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver.ts';
import { type Stack, startStack } from '../support/stack.ts';

// OTLP span kinds.
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

let stack: Stack;
let spans: ReceivedSpan[];

beforeAll(async () => {
  const receiver = await startOtlpReceiver();
  spans = receiver.spans;
  // Configuration alone turns tracing on: an endpoint, JSON so the receiver can read it, and
  // exports every 100 ms rather than 5 s.
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  stack = await startStack({ apiEnv: tracing });
  await stack.startWorker(tracing);
});

function isPostgres(span: ReceivedSpan): boolean {
  return span.attributes['db.system.name'] === 'postgresql' || span.attributes['db.system'] === 'postgresql';
}

/** The span and its ancestors, nearest first, as far as they were received. */
function ancestry(span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  for (let current = span; current.parentSpanId !== ''; ) {
    const parent = spans.find((candidate) => candidate.spanId === current.parentSpanId);
    if (parent === undefined) {
      break;
    }
    chain.push(parent);
    current = parent;
  }
  return chain;
}

describe('one trace from an order to its delivery report', () => {
  it('parents the worker and its call to the gateway to the request, and links the report', async () => {
    const customer = await createCustomer(stack);
    const order = await createOrder(stack, customer.id);
    expect(order.status).toBe(201);
    const notification = await eventually('the SMS to be delivered', async () => {
      const [row] = await stack.db.db
        .select()
        .from(notifications)
        .where(eq(notifications.orderId, order.body.id));
      return row?.status === 'delivered' ? row : undefined;
    });

    const trace = await eventually('every span of the order to reach the collector', async () => {
      const enqueue = spans.find((span) => span.service === 'sokoni-api' && span.kind === PRODUCER);
      const job = spans.find((span) => span.kind === CONSUMER && span.parentSpanId === enqueue?.spanId);
      const send = spans.find((span) => span.name === 'sms send' && span.parentSpanId === job?.spanId);
      const call = spans.find((span) => span.kind === CLIENT && span.parentSpanId === send?.spanId);
      const report = spans.find((span) =>
        span.links.some((link) => link.traceId === enqueue?.traceId && link.spanId === enqueue.spanId),
      );
      return enqueue && job && send && call && report ? { enqueue, job, send, call, report } : undefined;
    });
    const { enqueue, job, send, call, report } = trace;
    const traceId = enqueue.traceId;

    // API: the request's server span is the root, the enqueue and the database work below it.
    const root = ancestry(enqueue).at(-1);
    expect(root).toMatchObject({ service: 'sokoni-api', kind: SERVER, parentSpanId: '' });
    const apiQueries = spans.filter(
      (span) => span.traceId === traceId && span.service === 'sokoni-api' && isPostgres(span),
    );
    expect(apiQueries.length).toBeGreaterThan(0);
    for (const query of apiQueries) {
      expect(ancestry(query).at(-1)?.spanId).toBe(root?.spanId);
    }

    // Worker: the job's span is the enqueue's child (through the job's data), in the same trace.
    expect(job).toMatchObject({ service: 'sokoni-worker', traceId });
    expect(job.attributes['sokoni.notification.id']).toBe(notification.id);
    const workerQueries = spans.filter(
      (span) => span.traceId === traceId && span.service === 'sokoni-worker' && isPostgres(span),
    );
    expect(workerQueries.length).toBeGreaterThan(0);
    expect(workerQueries.every((query) => ancestry(query).includes(job))).toBe(true);

    // The send and its HTTP call to the simulator (Africa's Talking), without the recipient.
    expect(send).toMatchObject({ service: 'sokoni-worker', traceId });
    expect(send.attributes['sokoni.send.outcome']).toBe('accepted');
    expect(call.traceId).toBe(traceId);
    expect(String(call.attributes['url.full'])).toBe(`${stack.simUrl}/version1/messaging`);

    // The delivery report arrives in a request of its own, linked to the order's trace.
    expect(report.service).toBe('sokoni-api');
    expect(report.traceId).not.toBe(traceId);
    expect(report.attributes['sokoni.notification.id']).toBe(notification.id);

    // No span names the recipient.
    expect(JSON.stringify(spans)).not.toContain(customer.e164.slice(1));
  });
});
