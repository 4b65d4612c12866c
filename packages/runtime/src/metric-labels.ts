/**
 * Label values of Prometheus metrics must come from a small, fixed set: every distinct value is a
 * time series of its own, kept for weeks. Ids, phone numbers, order numbers and addresses would
 * make one series per order (and put personal data in the monitoring system), so values that come
 * from data rather than from code pass through these functions first.
 */

/** What a value outside the known set is counted as. */
export const otherLabel = 'other';

/**
 * A name written by code (a notification's channel or trigger: `sms`, `order.status.shipped`,
 * `resend`): lower-case words joined by dots or underscores, no digits, at most 48 characters.
 * Anything else (a uuid, a number, free text) becomes `other`.
 */
const codeName = /^[a-z]+(?:[._][a-z]+)*$/;

export function codeNameLabel(value: string | null | undefined): string {
  return typeof value === 'string' && value.length <= 48 && codeName.test(value) ? value : otherLabel;
}

/** `value` when it is one of `known`, else `other` (`none` when there is no value at all). */
export function knownLabel(value: string | number | null | undefined, known: ReadonlySet<string>): string {
  if (value === null || value === undefined) {
    return 'none';
  }
  const text = String(value);
  return known.has(text) ? text : otherLabel;
}

/** An HTTP status as its class: `2xx`, `4xx`, `5xx`… (a status outside 100–599 is `other`). */
export function statusClassLabel(statusCode: number): string {
  return statusCode >= 100 && statusCode < 600 ? `${Math.floor(statusCode / 100)}xx` : otherLabel;
}
