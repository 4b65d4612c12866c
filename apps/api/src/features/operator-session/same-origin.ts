import type { IncomingHttpHeaders } from 'node:http';

/** Methods that change nothing, so a cross-site request with them needs no check (RFC 9110 §9.2.1). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === 'null') {
    return undefined;
  }
  return URL.parse(value)?.origin;
}

/**
 * Whether a request authenticated by the session cookie may go on: safe methods always; any
 * other only when its `Origin` (or, lacking one, its `Referer`) is the API's own origin. Browsers
 * send `Origin` on every cross-origin request and on same-origin POST/PUT/DELETE, so a form or
 * script on another site cannot use an operator's cookie to retry or clean jobs. A request with
 * neither header is refused: browsers always send one of them for these methods.
 */
export function isSameOriginRequest(
  request: { method: string; headers: IncomingHttpHeaders },
  publicUrl: string,
): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) {
    return true;
  }
  const expected = new URL(publicUrl).origin;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== '') {
    return originOf(origin) === expected;
  }
  const referer = request.headers.referer;
  return originOf(typeof referer === 'string' ? referer : undefined) === expected;
}
