/** CSP directives as helmet takes them; a value may depend on the request (an origin found later). */
export type CspDirectives = Record<string, Array<string | ((request: unknown, response: unknown) => string)>>;

/**
 * Every answer that is not one of the HTML pages below: JSON and problem documents. They never
 * run anything, so the policy allows nothing; should a browser ever render one as a page (a
 * sniffed type, a navigation to /v1/…), it can load no script, style, frame or form target.
 */
export const apiPolicy: CspDirectives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Swagger UI at /docs. Its page loads every script from its own /docs/static (the package's
 * csp.json lists no inline script to hash), so scripts need `'self'` only. Its icons are `data:`
 * SVGs. "Authorize" posts to the provider's token endpoint from the page (authorization code +
 * PKCE), so that origin, which only discovery tells, may be fetched too. Wider than `'self'`:
 * `style-src 'unsafe-inline'`, because its React UI adds `<style>` elements at run time, which
 * @fastify/swagger-ui offers no nonce for and which cannot be hashed ahead of time (a hash would
 * also switch `'unsafe-inline'` off). It concerns styles alone; no inline script runs.
 */
export function swaggerUiPolicy(tokenEndpointOrigin: () => string): CspDirectives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", () => tokenEndpointOrigin()],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * Bull Board at /admin/queues: its scripts and stylesheet come from its own static files, and
 * `'self'` is all scripts may load: no inline script runs (its `<script type=application/json>`
 * holds data, which no browser runs). Wider than `'self'`, and why:
 * - `style-src 'unsafe-inline'`: the page has an inline `<style>` and `style="…"` attributes, and
 *   its React UI adds `<style>` elements at run time. Bull Board takes no nonce and the run-time
 *   styles cannot be hashed ahead of time (a hash would also switch `'unsafe-inline'` off), so
 *   inline styles are allowed, for this page only. It concerns styles alone: no script, and the
 *   UI renders queue data as text, not markup.
 * - Google Fonts (`fonts.googleapis.com` stylesheet, `fonts.gstatic.com` fonts), which the page
 *   links; without them it falls back to system fonts and logs a violation.
 * - `base-uri 'self'`: the page sets `<base href="/admin/queues/">`.
 */
export function bullBoardPolicy(): CspDirectives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'", 'https://fonts.googleapis.com'],
    'font-src': ["'self'", 'https://fonts.gstatic.com'],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}
