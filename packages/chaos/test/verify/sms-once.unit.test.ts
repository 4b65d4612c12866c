import { describe, expect, it } from 'vitest';
import type { Disruption, NotificationFact, SimMessageFact } from '../../src/verify/facts.ts';
import { checkSmsOnce } from '../../src/verify/sms-once.ts';

const to = '+254710000001';
const row = (id: string, fields: Partial<NotificationFact> = {}): NotificationFact => ({
  id,
  orderId: 'o',
  channel: 'sms',
  trigger: 'order.created',
  recipient: to,
  body: 'Order 1 received',
  status: 'delivered',
  lastError: null,
  providerMessageId: `AT-${id}`,
  ...fields,
});
const message = (id: string | null, fields: Partial<SimMessageFact> = {}): SimMessageFact => ({
  id,
  to,
  message: 'Order 1 received',
  httpStatus: 201,
  faults: [],
  receivedAt: '2026-01-01T10:00:00.000Z',
  ...fields,
});
const at = Date.parse('2026-01-01T10:00:00.000Z');
const killed: Disruption = {
  kind: 'worker-stopped',
  detail: 'worker-1 SIGKILL',
  start: at + 2000,
  end: at + 2000,
};

describe('one SMS per notification', () => {
  it('passes one taken SMS per sent row, and refused ones not counted', () => {
    const result = checkSmsOnce(
      [row('n1')],
      [message(null, { httpStatus: 503 }), message('AT-n1')],
      [],
      10_000,
    );
    expect(result.violations).toEqual([]);
    expect(result.cut).toEqual([]);
  });

  it('counts a second SMS as cut when the answer never came or its worker was stopped', () => {
    const result = checkSmsOnce(
      [row('n1')],
      [message('lost-1', { httpStatus: null }), message('lost-2'), message('AT-n1')],
      [killed],
      10_000,
    );
    expect(result.violations).toEqual([]);
    expect(result.cut.map((c) => c.why)).toEqual([
      'taken, but the answer never came (timeout)',
      'taken, then its worker was stopped (worker-1 SIGKILL)',
    ]);
  });

  it('finds a second SMS nothing explains, one no row owes, and a recorded id never taken', () => {
    const result = checkSmsOnce(
      [row('n1'), row('n2', { body: 'Order 2 received', status: 'sent', providerMessageId: null })],
      [message('AT-n1'), message('again'), message('stray', { message: 'Something else' })],
      [{ ...killed, start: at + 60_000, end: at + 60_000 }],
      10_000,
    );
    expect(result.violations).toEqual([
      'notification n2 is sent without a message id',
      'SMS to +254710000001 at 2026-01-01T10:00:00.000Z ("Order 1 received…") was sent again with no cut to explain it',
      'SMS to +254710000001 at 2026-01-01T10:00:00.000Z ("Something else…") is owed by no notification',
    ]);
    expect(checkSmsOnce([row('n1')], [], [], 10_000).violations).toEqual([
      'notification n1 records AT-n1, which the simulator never took',
    ]);
  });
});
