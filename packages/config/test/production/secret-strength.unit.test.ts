import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimatedSecretBits, isPlaceholder } from '../../src/production-rules.ts';

describe('isPlaceholder', () => {
  it.each([
    'CHANGE-ME',
    'change-me-at-least-32-random-characters',
    'CHANGEME',
    'changeit',
    'replace-me',
    '<your webhook secret>',
    'placeholder-admin-session-secret',
    'TODO',
    'xxxxxxxxxxxxxxxx',
  ])('knows %s for a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it('takes a random value for what it is', () => {
    expect(isPlaceholder(randomBytes(32).toString('hex'))).toBe(false);
    expect(isPlaceholder(randomBytes(32).toString('base64url'))).toBe(false);
  });
});

describe('estimatedSecretBits', () => {
  it('counts 4 bits per hex character and 6 per base64url character', () => {
    expect(estimatedSecretBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(256);
    expect(estimatedSecretBits(randomBytes(24).toString('hex'))).toBeLessThan(256);
    expect(estimatedSecretBits(randomBytes(32).toString('base64url'))).toBeGreaterThanOrEqual(256);
    expect(estimatedSecretBits(randomBytes(24).toString('base64url'))).toBeLessThan(256);
  });

  it('counts a value of few distinct characters as next to nothing', () => {
    expect(estimatedSecretBits('a'.repeat(200))).toBeLessThan(256);
    expect(estimatedSecretBits('ab'.repeat(100))).toBeLessThan(256);
  });
});
