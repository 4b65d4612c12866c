import { describe, expect, it } from 'vitest';
import { codeNameLabel, knownLabel, statusClassLabel } from '../../src/metric-labels.ts';

describe('metric labels', () => {
  it('keeps names written by code', () => {
    for (const name of ['sms', 'email', 'order.created', 'order.status.out_for_delivery', 'resend']) {
      expect(codeNameLabel(name)).toBe(name);
    }
  });

  it('turns ids, numbers, addresses and free text into other', () => {
    for (const value of [
      '3f2b1c4e-8d7a-4b6c-9e1f-0a2b3c4d5e6f',
      '+254712345678',
      'SOK-000123',
      'order.status.2',
      'amina@example.com',
      'Order Created',
      '',
      'a'.repeat(49),
      null,
      undefined,
    ]) {
      expect(codeNameLabel(value)).toBe('other');
    }
  });

  it('keeps a known value, counts an unknown one as other and a missing one as none', () => {
    const known = new Set(['100', '405']);
    expect(knownLabel(405, known)).toBe('405');
    expect(knownLabel(999, known)).toBe('other');
    expect(knownLabel(null, known)).toBe('none');
  });

  it('reduces a status to its class', () => {
    expect(statusClassLabel(201)).toBe('2xx');
    expect(statusClassLabel(429)).toBe('4xx');
    expect(statusClassLabel(503)).toBe('5xx');
    expect(statusClassLabel(0)).toBe('other');
  });
});
