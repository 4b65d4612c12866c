import pTimeout, { TimeoutError } from 'p-timeout';

export { TimeoutError };

/**
 * `promise`, or a TimeoutError after `ms`. For calls that take no AbortSignal (ioredis, pg,
 * BullMQ); where an API takes a signal, pass `AbortSignal.timeout(ms)` instead, which also
 * cancels the work.
 */
export function withTimeout<T>(promise: PromiseLike<T>, ms: number, message?: string): Promise<T> {
  return pTimeout(promise, { milliseconds: ms, ...(message === undefined ? {} : { message }) });
}

/** Whether `promise` settled (resolved or rejected) within `ms`; never rejects. */
export async function settlesWithin(promise: PromiseLike<unknown>, ms: number): Promise<boolean> {
  const settled = Promise.resolve(promise).then(
    () => true,
    () => true,
  );
  return pTimeout(settled, { milliseconds: ms, fallback: () => false });
}
