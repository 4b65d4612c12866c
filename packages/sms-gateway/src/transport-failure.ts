import { failureResult } from './failure-result.ts';
import { FormPostError } from './post-form.ts';
import type { SendSmsResult } from './types.ts';

/** Errors raised before a connection existed: AT cannot have seen the request. */
const connectErrorCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Classifies a send that got no complete HTTP answer. Always transient; ambiguous when the whole
 * request had been written, because AT may then have sent the SMS and offers no idempotency
 * key: a retry can duplicate it.
 */
export function transportFailure(error: unknown): SendSmsResult {
  const bodySent = error instanceof FormPostError && error.bodySent;
  const timedOut = error instanceof FormPostError && error.timedOut;
  const code = errorCode(error);
  const ambiguous = bodySent && !connectErrorCodes.has(code);
  const message = error instanceof Error ? error.message : String(error);
  const reason = timedOut ? message : `network error ${code || 'without a code'}: ${message}`;
  return failureResult({
    outcome: 'transient',
    httpStatus: null,
    status: timedOut ? 'Timeout' : 'NetworkError',
    detail: `${reason} (${ambiguous ? 'after' : 'before'} the request reached Africa's Talking)`,
    ambiguous,
  });
}

function errorCode(error: unknown): string {
  // Our wrapper and undici both nest errors: the system code may sit a few causes deep.
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
