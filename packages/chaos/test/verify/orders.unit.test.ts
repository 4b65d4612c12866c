import { describe, expect, it } from 'vitest';
import type { EventFact, LedgerOrder, OrderFact } from '../../src/verify/facts.ts';
import { checkOrderHistory } from '../../src/verify/order-history.ts';
import { checkOrdersExistOnce } from '../../src/verify/orders-once.ts';

const told = (id: string, moves: string[] = [], uncertain = 0): LedgerOrder => ({
  id,
  item: `item-${id}`,
  moves,
  uncertain,
});
const stored = (id: string, status = 'pending', item = `item-${id}`): OrderFact => ({ id, item, status });
const created = (orderId: string): EventFact => ({ orderId, fromStatus: null, toStatus: 'pending' });
const moved = (orderId: string, fromStatus: string, toStatus: string): EventFact => ({
  orderId,
  fromStatus,
  toStatus,
});

describe('every 2xx order exists once', () => {
  it('passes when each told order is stored once under its id', () => {
    const result = checkOrdersExistOnce([told('a'), told('b')], [stored('a'), stored('b'), stored('c')]);
    expect(result.violations).toEqual([]);
    expect(result.notes[0]).toMatch(/^1 more stored/);
  });

  it('finds an order that is missing, stored twice, or stored under another id', () => {
    const result = checkOrdersExistOnce(
      [told('a'), told('b'), told('c')],
      [stored('b'), stored('b2', 'pending', 'item-b'), stored('x', 'pending', 'item-c')],
    );
    expect(result.violations).toEqual([
      'order a (item-a) was answered 2xx but is not stored',
      'order item-b is stored 2 times: b, b2',
      'order item-c was answered as c but is stored as x',
    ]);
  });
});

describe('every order has its history', () => {
  it('passes a legal chain holding every move answered 2xx', () => {
    const events = [created('a'), moved('a', 'pending', 'confirmed'), moved('a', 'confirmed', 'cancelled')];
    const result = checkOrderHistory(
      [told('a', ['confirmed', 'cancelled'])],
      [stored('a', 'cancelled')],
      events,
    );
    expect(result.violations).toEqual([]);
  });

  it('accepts an event no client heard of only when a request went unanswered', () => {
    const events = [created('a'), moved('a', 'pending', 'confirmed')];
    expect(checkOrderHistory([told('a', [], 1)], [stored('a', 'confirmed')], events).violations).toEqual([]);
    expect(checkOrderHistory([told('a')], [stored('a', 'confirmed')], events).violations).toEqual([
      'order a (item-a) has 1 events no client was told of, and only 0 requests without an answer',
    ]);
  });

  it.each([
    ['no first event', [], 'pending', 'has no first event (none → pending)'],
    [
      'an illegal move',
      [created('a'), moved('a', 'pending', 'shipped')],
      'shipped',
      'records pending → shipped after pending',
    ],
    [
      'a status its events do not end at',
      [created('a')],
      'confirmed',
      'is confirmed but its last event says pending',
    ],
  ])('finds %s', (_, events, status, problem) => {
    const result = checkOrderHistory([], [stored('a', status)], events);
    expect(result.violations).toEqual([`order a (item-a) ${problem}`]);
  });

  it('finds a move answered 2xx that left no event', () => {
    const result = checkOrderHistory([told('a', ['confirmed'])], [stored('a')], [created('a')]);
    expect(result.violations).toEqual([
      'order a (item-a) misses the event of its 2xx move to confirmed (events: none)',
    ]);
  });
});
