import { identifyingLabelValues, type Scrape, type ServiceProcess, scrapeMetrics } from '@sokoni/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, createCustomer, createOrder, notificationsOf } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { openSmsQueue } from '../support/sms-queue.ts';
import { type Stack, startStack } from '../support/stack.ts';

let stack: Stack;
let worker: ServiceProcess;

beforeAll(async () => {
  stack = await startStack();
  worker = await stack.startWorker();
});

const scrapeApi = () => scrapeMetrics(`${stack.apiUrl}/metrics`);
const scrapeWorker = () => scrapeMetrics(`${worker.url}/metrics`);

/** How much a series grew between two scrapes. */
function grew(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return after.value(name, labels) - before.value(name, labels);
}

async function notificationStatus(id: string): Promise<string> {
  return (await callApi<{ status: string }>(stack, 'GET', `/v1/notifications/${id}`)).body.status;
}

/** Places an order and returns what it used: the ids, numbers and phone that must never be labels. */
async function placeOrder() {
  const customer = await createCustomer(stack);
  const order = await createOrder(stack, customer.id);
  expect(order.status).toBe(201);
  const [notification] = await notificationsOf(stack, order.body.id);
  if (!notification) {
    throw new Error('the order owes no notification');
  }
  return { customer, order: order.body, notification };
}

describe('the metrics across an order, its SMS and its delivery report', () => {
  it('count the order, the send, its status code, cost and latency, and the report, with no identifying label', async () => {
    const [apiBefore, workerBefore] = await Promise.all([scrapeApi(), scrapeWorker()]);
    const { customer, order, notification } = await placeOrder();
    await eventually('the delivery report', async () =>
      (await notificationStatus(notification.id)) === 'delivered' ? true : undefined,
    );

    // The worker counts right after its record commits, the report may be applied by either side:
    // read until both have caught up with the status the API already shows.
    const [apiAfter, workerAfter] = await eventually('the counters of the flow', async () => {
      const scrapes = await Promise.all([scrapeApi(), scrapeWorker()]);
      const reports = scrapes.reduce(
        (sum, scrape, index) =>
          sum +
          grew(
            [apiBefore, workerBefore][index] as Scrape,
            scrape,
            'sokoni_sms_accepted_to_report_seconds_count',
            { status: 'delivered' },
          ),
        0,
      );
      const finished = grew(workerBefore, scrapes[1], 'sokoni_notifications_finished_total', {
        status: 'sent',
      });
      return reports === 1 && finished === 1 ? scrapes : undefined;
    });

    expect(grew(apiBefore, apiAfter, 'sokoni_orders_created_total', { kind: 'free_text' })).toBe(1);
    expect(
      grew(apiBefore, apiAfter, 'sokoni_notifications_written_total', {
        channel: 'sms',
        trigger: 'order.created',
      }),
    ).toBe(1);
    expect(
      grew(apiBefore, apiAfter, 'sokoni_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/orders',
        status_class: '2xx',
      }),
    ).toBe(1);

    expect(
      grew(workerBefore, workerAfter, 'sokoni_notifications_finished_total', {
        channel: 'sms',
        trigger: 'order.created',
        status: 'sent',
      }),
    ).toBe(1);
    expect(grew(workerBefore, workerAfter, 'sokoni_sms_sends_total', { outcome: 'accepted' })).toBe(1);
    const acceptedCodes = ['100', '101', '102'].map((code) =>
      grew(workerBefore, workerAfter, 'sokoni_sms_recipient_status_total', { code }),
    );
    expect(acceptedCodes.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(
      grew(workerBefore, workerAfter, 'sokoni_notification_commit_to_accepted_seconds_count', {
        channel: 'sms',
      }),
    ).toBe(1);
    expect(grew(workerBefore, workerAfter, 'sokoni_sms_segments_total')).toBe(notification.segments);
    expect(grew(workerBefore, workerAfter, 'sokoni_sms_cost_total', { currency: 'KES' })).toBeGreaterThan(0);
    expect(grew(workerBefore, workerAfter, 'sokoni_queue_jobs_completed_total', { queue: 'sms' })).toBe(1);
    expect(workerAfter.value('sokoni_metrics_source_up', { source: 'queue' })).toBe(1);
    expect(workerAfter.has('sokoni_queue_jobs', { queue: 'sms', state: 'prioritized' })).toBe(true);

    const [row] = await notificationsOf(stack, order.id);
    const seen = [
      customer.id,
      customer.e164,
      customer.phone,
      order.id,
      order.number,
      notification.id,
      row?.providerMessageId ?? '',
      stack.webhookSecret,
    ];
    expect(identifyingLabelValues(apiAfter, seen)).toEqual([]);
    expect(identifyingLabelValues(workerAfter, seen)).toEqual([]);
  });
});

describe('the outbox lag', () => {
  it('rises while no worker takes jobs, and falls to 0 once they do', async () => {
    const lag = async () => (await scrapeWorker()).value('sokoni_outbox_lag_seconds');
    await eventually('nothing owed', async () => ((await lag()) === 0 ? true : undefined));

    // Paused, as when every worker pod is gone: the jobs wait, the rows stay owed.
    const queue = openSmsQueue(stack);
    await queue.pause();
    const { notification } = await placeOrder();
    const first = await eventually('a lag of a second', async () => {
      const seconds = await lag();
      return seconds >= 1 ? seconds : undefined;
    });
    await eventually('the lag to keep rising', async () => ((await lag()) > first + 1 ? true : undefined));
    expect(await notificationStatus(notification.id)).not.toBe('sent');

    await queue.resume();
    await eventually('the lag to fall to 0', async () => ((await lag()) === 0 ? true : undefined));
    expect(['sent', 'delivered']).toContain(await notificationStatus(notification.id));
  });
});
