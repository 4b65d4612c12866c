import { notifications } from '@sokoni/db';
import type { ServiceProcess } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { startOtlpReceiver } from '../support/otlp-receiver.ts';
import { addFaults } from '../support/simulator.ts';
import { type Stack, startStack } from '../support/stack.ts';

let stack: Stack;
let worker: ServiceProcess;

beforeAll(async () => {
  const receiver = await startOtlpReceiver();
  const tracing = {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  };
  stack = await startStack({ apiEnv: tracing });
  worker = await stack.startWorker(tracing);
});

describe("the worker's log of a send", () => {
  it('writes one line per attempt with its outcome, the number masked and never the text', async () => {
    const customer = await createCustomer(stack);
    // The first attempt fails for a while (an HTTP 503), the second is accepted.
    await addFaults(stack, [{ kind: 'httpError', to: customer.e164, status: 503, times: 1 }]);
    const order = await createOrder(stack, customer.id);
    expect(order.status).toBe(201);
    const notification = await eventually('the SMS to be sent', async () => {
      const [row] = await stack.db.db
        .select()
        .from(notifications)
        .where(eq(notifications.orderId, order.body.id));
      return row?.status === 'sent' || row?.status === 'delivered' ? row : undefined;
    });

    const attempts = worker.logs.filter(
      (line) => line.msg === 'send attempt' && line.notificationId === notification.id,
    );
    expect(attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'transient', httpStatus: 503, channel: 'sms' }),
      expect.objectContaining({ attempt: 2, outcome: 'accepted', httpStatus: 201, channel: 'sms' }),
    ]);
    for (const line of attempts) {
      expect(line).toMatchObject({
        level: 30,
        // +254712345678 → +2547****5678
        to: `${customer.e164.slice(0, 5)}****${customer.e164.slice(-4)}`,
        durationMs: expect.any(Number),
        // The job's trace: a line leads to its spans.
        trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      expect(line).toHaveProperty('providerStatusCode');
    }
    expect(attempts[1]?.providerStatusCode).toBe(101);

    // Nothing the worker wrote holds the number or the text of the SMS.
    const output = worker.output();
    expect(output).not.toContain(customer.e164.slice(1));
    expect(output).not.toContain(notification.body);
  });
});
