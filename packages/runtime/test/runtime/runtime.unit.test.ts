import { describe, expect, it } from 'vitest';
import { settlesWithin, TimeoutError, throttled, withTimeout } from '../../src/index.ts';

const never = new Promise<never>(() => {});

describe('withTimeout', () => {
  it('passes the value of a promise that settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000)).resolves.toBe(7);
  });

  it('rejects with a TimeoutError, carrying the message, when the promise does not settle', async () => {
    const late = withTimeout(never, 5, 'redis did not answer');
    await expect(late).rejects.toBeInstanceOf(TimeoutError);
    await expect(late).rejects.toThrow('redis did not answer');
  });

  it('passes a rejection through unchanged', async () => {
    await expect(withTimeout(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  });
});

describe('settlesWithin', () => {
  it('is true for a promise that resolves or rejects in time, false for one that does not', async () => {
    await expect(settlesWithin(Promise.resolve(1), 1000)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('x')), 1000)).resolves.toBe(true);
    await expect(settlesWithin(never, 5)).resolves.toBe(false);
  });
});

describe('throttled', () => {
  it('runs at most once per interval and again once the interval has passed', () => {
    let clock = 0;
    const calls: string[] = [];
    const warn = throttled(
      10_000,
      (what: string) => calls.push(what),
      () => clock,
    );
    warn('a');
    clock = 9_999;
    warn('b');
    clock = 10_000;
    warn('c');
    clock = 10_001;
    warn('d');
    expect(calls).toEqual(['a', 'c']);
  });
});
