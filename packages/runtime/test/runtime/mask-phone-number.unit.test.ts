import { describe, expect, it } from 'vitest';
import { maskPhoneNumber, maskPhoneNumbers } from '../../src/index.ts';

describe('maskPhoneNumber', () => {
  it('keeps the country code, the first digit and the last four of a Kenyan number', () => {
    expect(maskPhoneNumber('+254712345678')).toBe('+2547****5678');
  });

  it('hides at least four digits of shorter numbers', () => {
    expect(maskPhoneNumber('+14155550123')).toBe('+141****0123');
    expect(maskPhoneNumber('0712345678')).toBe('07****5678');
    expect(maskPhoneNumber('12345')).toBe('****5');
    expect(maskPhoneNumber('1234')).toBe('****');
  });
});

describe('maskPhoneNumbers', () => {
  it('masks every number in a text and leaves digits inside words alone', () => {
    const text =
      '{"Recipients":[{"number":"+254712345678","messageId":"ATXid_0123456789abcdef"},{"number":"254700000001"}]}';
    const masked = maskPhoneNumbers(text);
    expect(masked).toBe(
      '{"Recipients":[{"number":"+2547****5678","messageId":"ATXid_0123456789abcdef"},{"number":"2547****0001"}]}',
    );
  });

  it('leaves short figures such as costs and status codes as they are', () => {
    expect(maskPhoneNumbers('KES 0.8000, statusCode 101, 2026-01-01')).toBe(
      'KES 0.8000, statusCode 101, 2026-01-01',
    );
  });
});
