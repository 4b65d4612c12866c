import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A new per-session CSRF token: 32 random bytes. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `given` is the session's token; equal-length digests keep the comparison's time constant. */
export function csrfTokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given === '') {
    return false;
  }
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(expected), digest(given));
}

function originOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'null') {
    return undefined;
  }
  return URL.parse(value)?.origin;
}

/**
 * Whether a state-changing request comes from the web app's own pages: its `Origin` (or, lacking
 * one, its `Referer`) must be WEB_PUBLIC_URL's origin. Browsers send `Origin` on every POST; a
 * request with neither is refused. This is the second line beside the CSRF token, and the only
 * one for the sign-in's own forms.
 */
export function comesFromOrigin(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const expected = new URL(publicUrl).origin;
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    return originOf(origin) === expected;
  }
  const referer = headers.referer;
  return originOf(typeof referer === 'string' ? referer : undefined) === expected;
}
