import { describe, expect, it } from 'vitest';
import {
  classifyRecipientStatus,
  recipientStatusCodeForName,
  recipientStatusNames,
} from '../../src/index.ts';

describe('classifyRecipientStatus', () => {
  it.each([
    [100, 'accepted'],
    [101, 'accepted'],
    [102, 'accepted'],
    [402, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [406, 'permanent'],
    [502, 'permanent'],
    [401, 'account'],
    [405, 'account'],
    [407, 'transient'],
    [409, 'transient'],
    [500, 'transient'],
    [501, 'transient'],
    [999, 'transient'],
    [0, 'transient'],
  ])('%i is %s', (code, outcome) => {
    expect(classifyRecipientStatus(code)).toBe(outcome);
  });

  it('names every documented code', () => {
    expect(Object.keys(recipientStatusNames).map(Number)).toEqual([
      100, 101, 102, 401, 402, 403, 404, 405, 406, 407, 409, 500, 501, 502,
    ]);
  });

  it('finds a code by name, ignoring case and spaces', () => {
    expect(recipientStatusCodeForName('InvalidSenderId')).toBe(402);
    expect(recipientStatusCodeForName(' insufficientbalance ')).toBe(405);
    expect(recipientStatusCodeForName('Something else')).toBeNull();
  });
});
