/** Where an operator lands after signing in when nothing else was asked for. */
export const DEFAULT_RETURN_TO = '/admin/queues';

// The sign-in routes themselves are never a destination: landing on one would start another sign-in.
const SIGN_IN_PATHS = new Set(['/admin/login', '/admin/callback', '/admin/logout']);
const BASE = 'http://return-to.invalid';

function hasUnsafeCharacter(value: string): boolean {
  for (const character of value) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || character === '\\') {
      return true;
    }
  }
  return false;
}

/**
 * The local path under /admin that `value` names, normalised, or the default. Anything else
 * (absolute or scheme-relative URLs, backslashes, dot segments leaving /admin, control
 * characters) falls back to the default, so `?returnTo=` cannot become an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) {
    return DEFAULT_RETURN_TO;
  }
  // Browsers read `\` as `/` and drop tabs and newlines, so `/\evil.example` would leave the site.
  if (hasUnsafeCharacter(value) || value.startsWith('//')) {
    return DEFAULT_RETURN_TO;
  }
  const url = URL.parse(value, BASE);
  if (!url || url.origin !== BASE || !(url.pathname === '/admin' || url.pathname.startsWith('/admin/'))) {
    return DEFAULT_RETURN_TO;
  }
  if (SIGN_IN_PATHS.has(url.pathname.replace(/\/$/, ''))) {
    return DEFAULT_RETURN_TO;
  }
  return `${url.pathname}${url.search}`;
}
