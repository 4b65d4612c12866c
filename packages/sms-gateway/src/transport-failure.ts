import { failureResult } from './failure-result.ts';
import type { SendSmsResult } from './types.ts';

/**
 * Classifies a send that got no complete HTTP answer (timeout, refused or reset connection):
 * always transient. AT may have sent the SMS before the answer was lost and offers no
 * idempotency key, so the retry can duplicate it: the "at least once" of docs/sms.md.
 */
export function transportFailure(error: unknown, timeoutMs: number): SendSmsResult {
  if (error instanceof Error && error.name === 'TimeoutError') {
    return failureResult({
      outcome: 'transient',
      httpStatus: null,
      status: 'Timeout',
      detail: `no answer from Africa's Talking: timed out after ${timeoutMs} ms`,
    });
  }
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return failureResult({
    outcome: 'transient',
    httpStatus: null,
    status: 'NetworkError',
    detail: `no answer from Africa's Talking: network error ${code || 'without a code'}: ${message}`,
  });
}

function errorCode(error: unknown): string {
  // undici nests errors: the system code (ECONNREFUSED, ECONNRESET) may sit a few causes deep.
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}
