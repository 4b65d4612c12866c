import type { SendOutcomeClass, SendSmsResult } from './types.ts';

/** A result for a send that AT did not accept: no message id, no cost. */
export function failureResult(fields: {
  outcome: Exclude<SendOutcomeClass, 'accepted'>;
  httpStatus: number | null;
  status: string;
  detail: string;
  statusCode?: number | null;
  retryAfterMs?: number;
}): SendSmsResult {
  return { statusCode: null, messageId: null, cost: null, ...fields };
}
