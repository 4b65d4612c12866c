import { describe, expect, it } from 'vitest';
import { isValidRecipient, networkCodeFor } from '../../src/sms/phone-numbers.ts';
import { countSegments } from '../../src/sms/segments.ts';
import { isAcceptedCode, statusName } from '../../src/sms/status-codes.ts';

describe('countSegments', () => {
  it.each([
    ['', 'GSM-7', 0, 1],
    ['Hello', 'GSM-7', 5, 1],
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['{}[]~', 'GSM-7', 10, 1],
    ['Price: €5', 'GSM-7', 10, 1],
    ['Asante 🙏', 'UCS-2', 9, 1],
    ['ł'.repeat(70), 'UCS-2', 70, 1],
    ['ł'.repeat(71), 'UCS-2', 71, 2],
    ['ł'.repeat(134), 'UCS-2', 134, 2],
    ['ł'.repeat(135), 'UCS-2', 135, 3],
  ])('%j is %s (%i characters), %i segment(s)', (text, encoding, _characters, segments) => {
    expect(countSegments(text)).toEqual({ encoding, segments });
  });
});

describe('isValidRecipient', () => {
  it.each(['+254712345678', '+254733123456', '+2348031234567', '+250788123456'])('accepts %s', (number) => {
    expect(isValidRecipient(number)).toBe(true);
  });

  it.each(['0712345678', '254712345678', '+25471', '+254 712 345 678', '+2540000000000', '', 'abc'])(
    'refuses %j',
    (number) => {
      expect(isValidRecipient(number)).toBe(false);
    },
  );
});

describe('networkCodeFor', () => {
  it.each([
    ['+254712345678', '63902'],
    ['+254110123456', '63902'],
    ['+254733123456', '63903'],
    ['+254750123456', '63903'],
    ['+254771123456', '63907'],
    ['+2348031234567', '62130'],
    ['+250788123456', '63510'],
    ['+14155550123', '99999'],
    ['+999', '99999'],
  ])('%s is on %s', (number, code) => {
    expect(networkCodeFor(number)).toBe(code);
  });
});

describe('status codes', () => {
  it('names codes like AT', () => {
    expect(statusName(101)).toBe('Success');
    expect(statusName(405)).toBe('InsufficientBalance');
    expect(statusName(418)).toBe('UnknownStatus');
  });

  it('knows which codes are accepted', () => {
    expect([99, 100, 101, 102, 103, 401].map(isAcceptedCode)).toEqual([
      false,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});
