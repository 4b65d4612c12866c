import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { apiPolicy, type CspDirectives } from '../../features/security-headers/content-security-policies.ts';

/** What a route may set in `config.helmet`: its own Content-Security-Policy (see pageSecurity). */
interface RouteSecurityHeaders {
  contentSecurityPolicy: { useDefaults: false; directives: CspDirectives };
  crossOriginOpenerPolicy?: { policy: 'same-origin-allow-popups' } | false;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Security headers of an HTML page, replacing the API's (set from pageSecurity()). */
    helmet?: RouteSecurityHeaders;
  }
}

let upgradeInsecureRequests = false;

/**
 * `config.helmet` of a route serving an HTML page: its policy instead of the API's. Over https,
 * browsers are also told to fetch the page's resources over https. `opener` is for a sign-in
 * through a popup (Swagger UI's "Authorize"): helmet's default COOP `same-origin` would cut the
 * link between the page and its popup once the popup visits the provider. The page that opens
 * the popup says `same-origin-allow-popups`; the page the provider sends the popup back to,
 * which hands the code to its opener, may send no COOP at all (coming back from the provider's
 * page, which sends none, any other value would put it in a new browsing context group).
 */
export function pageSecurity(
  directives: CspDirectives,
  options: { opener?: 'opens-popups' | 'returns-to-opener' } = {},
): RouteSecurityHeaders {
  const security: RouteSecurityHeaders = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: upgradeInsecureRequests ? { ...directives, 'upgrade-insecure-requests': [] } : directives,
    },
  };
  if (options.opener === 'opens-popups') {
    security.crossOriginOpenerPolicy = { policy: 'same-origin-allow-popups' };
  } else if (options.opener === 'returns-to-opener') {
    security.crossOriginOpenerPolicy = false;
  }
  return security;
}

/**
 * @fastify/helmet on every answer: nosniff, no framing, no referrer across origins, HSTS over
 * https, and a Content-Security-Policy that allows nothing, except on the HTML pages (Swagger UI
 * at /docs, Bull Board at /admin/queues), whose routes set their own with pageSecurity(). The
 * sign-in pages of /admin send their own policy with their answer, which replaces this one.
 */
async function securityHeaders(fastify: FastifyInstance) {
  const https = new URL(fastify.config.PUBLIC_URL).protocol === 'https:';
  // Over plain http (development), upgrade-insecure-requests would send the page's requests to an
  // https port nobody listens on.
  upgradeInsecureRequests = https;
  await fastify.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: apiPolicy },
    // HSTS only means something over https: a browser ignores it on http.
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}

export default fp(securityHeaders, { name: 'security-headers', dependencies: ['config'] });
