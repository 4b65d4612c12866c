import { describe, expect, it } from 'vitest';
import type { EventFact, NotificationFact } from '../../src/verify/facts.ts';
import { checkNotificationEnds } from '../../src/verify/notification-ends.ts';
import { checkNotificationsOwed } from '../../src/verify/notifications-owed.ts';

const row = (id: string, fields: Partial<NotificationFact> = {}): NotificationFact => ({
  id,
  orderId: 'o',
  channel: 'sms',
  trigger: 'order.created',
  recipient: '+254710000001',
  body: `body ${id}`,
  status: 'delivered',
  lastError: null,
  providerMessageId: null,
  ...fields,
});
const created: EventFact = { orderId: 'o', fromStatus: null, toStatus: 'pending' };
const confirmed: EventFact = { orderId: 'o', fromStatus: 'pending', toStatus: 'confirmed' };

describe('every owed SMS exists once', () => {
  it('passes one row per event, plus resends', () => {
    const rows = [
      row('n1'),
      row('n2', { trigger: 'order.status.confirmed' }),
      row('r1', { trigger: 'resend' }),
    ];
    expect(checkNotificationsOwed([created, confirmed], rows, ['r1']).violations).toEqual([]);
  });

  it('finds an event owing no row or two, a row owed by nothing, and a lost resend', () => {
    const rows = [row('n1'), row('n1b'), row('x', { trigger: 'order.status.shipped' })];
    expect(checkNotificationsOwed([created, confirmed], rows, ['r9']).violations).toEqual([
      'order o owes one order.created SMS and has 2',
      'order o owes one order.status.confirmed SMS and has 0',
      'notification x (order.status.shipped) is owed by no event of order o',
      'resend r9 was answered 202 but is not stored',
    ]);
  });

  it('leaves e-mail rows alone', () => {
    expect(
      checkNotificationsOwed([created], [row('n1'), row('e1', { channel: 'email' })], []).violations,
    ).toEqual([]);
  });
});

describe('every SMS ends, none stuck', () => {
  it('passes the ends, with a reason where one is due, and rows still retrying', () => {
    const rows = [
      row('a', { status: 'delivered' }),
      row('b', { status: 'sent' }),
      row('c', { status: 'failed', lastError: 'UserInBlacklist' }),
      row('d', { status: 'expired', lastError: 'too old' }),
      row('e', { status: 'queued' }),
    ];
    const result = checkNotificationEnds(rows, new Map([['e', 'delayed']]));
    expect(result.violations).toEqual([]);
    expect(result.notes).toContain('1 still retrying, with a live job');
  });

  it('finds an end without its reason, and owed rows no job will take further', () => {
    const rows = [
      row('a', { status: 'failed' }),
      row('b', { status: 'suppressed' }),
      row('c', { status: 'pending' }),
      row('d', { status: 'sending' }),
    ];
    const result = checkNotificationEnds(rows, new Map([['d', 'completed']]));
    expect(result.violations).toEqual([
      'notification a is failed with no reason',
      'notification b is suppressed with no reason',
      'notification c is stuck pending (its job: none)',
      'notification d is stuck sending (its job: completed)',
    ]);
  });
});
