import type { IncomingHttpHeaders } from 'node:http';
import { safeReturnTo } from './return-to.ts';

function underAdmin(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * Whether a refused request is a person's browser opening an /admin page, better answered by
 * sending them to sign in than by a 401: a GET that accepts HTML and carries no Authorization
 * header (API clients with a bad token keep getting their problem+json).
 */
export function wantsLoginPage(request: {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}): boolean {
  const path = request.url.split('?')[0] ?? '';
  const accept = request.headers.accept;
  return (
    request.method === 'GET' &&
    underAdmin(path) &&
    request.headers.authorization === undefined &&
    typeof accept === 'string' &&
    /\btext\/html\b/i.test(accept)
  );
}

/** The sign-in URL (local) that brings the browser back to `url` afterwards. */
export function loginLocation(url: string): string {
  return `/admin/login?returnTo=${encodeURIComponent(safeReturnTo(url))}`;
}

/** Whether the session cookie may stand in for a bearer header on this request. */
export function sessionApplies(request: { url: string; headers: IncomingHttpHeaders }): boolean {
  return request.headers.authorization === undefined && underAdmin(request.url.split('?')[0] ?? '');
}
