import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDb, markNotificationsSent, notifications } from '@sokoni/db';
import { identifyingLabelValues, scrapeMetrics } from '@sokoni/testing';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

const api = await createTestApi();
await api.app.listen({ host: '127.0.0.1', port: 0 });
const metricsUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}/metrics`;
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());

const customer = await createCustomer(api, { phone: '0722 000 111' });
/** Everything the flow below used that must never be a label value. */
const seen: string[] = [customer.id, customer.phone, '722000111'];

describe('GET /metrics of the API', () => {
  it('answers without a token, in Prometheus text, with the Node process metrics', async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const scrape = await scrapeMetrics(metricsUrl);
    for (const name of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
    ]) {
      expect(scrape.has(name), name).toBe(true);
    }
    expect(scrape.families.get('nodejs_gc_duration_seconds')).toBe('HISTOGRAM');
  });

  it('counts requests by route template, method and status class, never by URL', async () => {
    const before = await scrapeMetrics(metricsUrl);
    const order = await createOrder(api, customer.id);
    seen.push(order.id, order.number);
    expect((await api.inject({ method: 'GET', url: `/v1/orders/${order.id}` })).statusCode).toBe(200);
    expect((await api.inject({ method: 'GET', url: `/v1/orders/${randomUUID()}` })).statusCode).toBe(404);
    expect((await api.inject({ method: 'GET', url: `/no/such/${randomUUID()}` })).statusCode).toBe(404);
    const after = await scrapeMetrics(metricsUrl);

    const requests = (labels: Record<string, string>) =>
      after.value('sokoni_http_request_duration_seconds_count', labels) -
      before.value('sokoni_http_request_duration_seconds_count', labels);
    expect(requests({ method: 'POST', route: '/v1/orders', status_class: '2xx' })).toBe(1);
    expect(requests({ method: 'GET', route: '/v1/orders/:id', status_class: '2xx' })).toBe(1);
    expect(requests({ method: 'GET', route: '/v1/orders/:id', status_class: '4xx' })).toBe(1);
    expect(requests({ method: 'GET', route: 'unmatched', status_class: '4xx' })).toBe(1);
    // The scrapes themselves are not counted.
    expect(after.has('sokoni_http_request_duration_seconds_count', { route: '/metrics' })).toBe(false);
  });

  it('counts orders by kind, status transitions and the notifications they owe', async () => {
    const before = await scrapeMetrics(metricsUrl);
    const order = await createOrder(api, customer.id);
    seen.push(order.id, order.number);
    const confirm = await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'confirmed' },
    });
    expect(confirm.statusCode).toBe(200);
    // A refused transition is no transition.
    const refused = await api.inject({
      method: 'POST',
      url: `/v1/orders/${order.id}/status`,
      payload: { status: 'pending' },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    const after = await scrapeMetrics(metricsUrl);

    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta('sokoni_orders_created_total', { kind: 'free_text' })).toBe(1);
    expect(delta('sokoni_order_status_transitions_total', { from: 'pending', to: 'confirmed' })).toBe(1);
    expect(delta('sokoni_order_status_transitions_total', {})).toBe(1);
    expect(delta('sokoni_notifications_written_total', { channel: 'sms', trigger: 'order.created' })).toBe(1);
    expect(
      delta('sokoni_notifications_written_total', { channel: 'sms', trigger: 'order.status.confirmed' }),
    ).toBe(1);
  });

  it('observes the time from acceptance to the delivery report the webhook applies', async () => {
    const order = await createOrder(api, customer.id);
    seen.push(order.id, order.number);
    const [row] = await db.db.select().from(notifications).where(eq(notifications.orderId, order.id));
    const id = row?.id ?? '';
    seen.push(id);
    await db.db.update(notifications).set({ status: 'sending' }).where(eq(notifications.id, id));
    await markNotificationsSent(db.db, [
      {
        notificationId: id,
        providerMessageId: 'ATXid_metrics1',
        providerStatusCode: 101,
        cost: 'KES 0.8000',
        attempt: 1,
        httpStatus: 201,
        startedAt: new Date(),
      },
    ]);
    const before = await scrapeMetrics(metricsUrl);
    const report = await api.app.inject({
      method: 'POST',
      url: `/v1/webhooks/africastalking/delivery-reports/${api.config.AT_WEBHOOK_SECRET}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        id: 'ATXid_metrics1',
        status: 'Success',
        phoneNumber: customer.phone,
      }).toString(),
    });
    expect(report.statusCode).toBe(200);
    const after = await scrapeMetrics(metricsUrl);
    const reports = (scrape: typeof after) =>
      scrape.value('sokoni_sms_accepted_to_report_seconds_count', { status: 'delivered' });
    expect(reports(after) - reports(before)).toBe(1);
    // The webhook's route is counted by its template: the secret in its path is never a label.
    expect(
      after.has('sokoni_http_request_duration_seconds_count', {
        route: '/v1/webhooks/africastalking/delivery-reports/:secret',
      }),
    ).toBe(true);
    expect(identifyingLabelValues(after, [...seen, api.config.AT_WEBHOOK_SECRET])).toEqual([]);
  });
});
