import type { SendSmsResult } from '@sokoni/sms-gateway';
import { describe, expect, it } from 'vitest';
import { createWorkerMetrics } from '../../src/metrics.ts';
import { observeFinished, observeSend } from '../../src/send-metrics.ts';

function result(overrides: Partial<SendSmsResult>): SendSmsResult {
  return {
    outcome: 'accepted',
    httpStatus: 201,
    statusCode: 101,
    status: 'Success',
    messageId: 'ATXid_1',
    cost: 'KES 0.8000',
    detail: 'Sent',
    ...overrides,
  };
}

const row = { channel: 'sms', createdAt: new Date('2026-01-01T00:00:00Z'), segments: 2 };

async function text(metrics: ReturnType<typeof createWorkerMetrics>) {
  return metrics.registry.metrics();
}

describe('the metrics of one send', () => {
  it('counts an accepted SMS: its code, cost by currency, segments and the time since its commit', async () => {
    const metrics = createWorkerMetrics();
    observeSend(metrics, row, result({}), new Date('2026-01-01T00:00:01.5Z'));
    const body = await text(metrics);
    expect(body).toContain('sokoni_sms_recipient_status_total{code="101"} 1');
    expect(body).toContain('sokoni_sms_cost_total{currency="KES"} 0.8');
    expect(body).toContain('sokoni_sms_segments_total 2');
    expect(body).toContain('sokoni_notification_commit_to_accepted_seconds_sum{channel="sms"} 1.5');
  });

  it('counts a code Africa’s Talking does not document as other, and no answer as none; no cost when refused', async () => {
    const metrics = createWorkerMetrics();
    observeSend(metrics, row, result({ outcome: 'transient', statusCode: 599, cost: null }));
    observeSend(
      metrics,
      row,
      result({ outcome: 'transient', statusCode: null, httpStatus: null, cost: null }),
    );
    observeSend(metrics, row, result({ outcome: 'permanent', statusCode: 403, cost: 'KES 0' }));
    const body = await text(metrics);
    expect(body).toContain('sokoni_sms_recipient_status_total{code="other"} 1');
    expect(body).toContain('sokoni_sms_recipient_status_total{code="none"} 1');
    expect(body).toContain('sokoni_sms_recipient_status_total{code="403"} 1');
    expect(body).not.toContain('sokoni_sms_cost_total{');
    expect(body).toContain('sokoni_sms_segments_total 0');
  });

  it('counts an e-mail without an SMS status code, cost or segments', async () => {
    const metrics = createWorkerMetrics();
    observeSend(metrics, { ...row, channel: 'email' }, result({ statusCode: 250, cost: null }));
    const body = await text(metrics);
    expect(body).not.toContain('sokoni_sms_recipient_status_total{');
    expect(body).toContain('sokoni_notification_commit_to_accepted_seconds_count{channel="email"} 1');
  });

  it('labels a finished notification by channel and trigger, and a trigger that is not a code name as other', async () => {
    const metrics = createWorkerMetrics();
    observeFinished(metrics, { channel: 'sms', trigger: 'order.status.shipped' }, 'sent');
    observeFinished(metrics, { channel: 'sms', trigger: 'order:3f2b1c4e-8d7a' }, 'failed');
    observeFinished(metrics, undefined, 'expired', 3);
    const body = await text(metrics);
    expect(body).toContain(
      'sokoni_notifications_finished_total{channel="sms",trigger="order.status.shipped",status="sent"} 1',
    );
    expect(body).toContain(
      'sokoni_notifications_finished_total{channel="sms",trigger="other",status="failed"} 1',
    );
    expect(body).toContain(
      'sokoni_notifications_finished_total{channel="unknown",trigger="unknown",status="expired"} 3',
    );
  });
});
