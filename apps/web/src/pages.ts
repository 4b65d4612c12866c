import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiUnavailableError } from './api/sokoni-api.ts';
import type { WebConfig } from './config.ts';
import { ProviderUnavailableError } from './session/oidc-client.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders `views/<view>.eta` (a whole page, or only its fragment for an htmx request). */
    page(view: string, data?: Record<string, unknown>): FastifyReply;
  }
}

const viewsDir = fileURLToPath(new URL('../views/', import.meta.url));

/**
 * The narrowest policy the pages work with: scripts and styles only from our own files (htmx is
 * served from /vendor, its inline indicator styles are off), forms only to ourselves, no framing.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** What every page's layout reads: who is signed in, the CSRF token its forms carry. */
function layoutData(request: FastifyRequest, config: WebConfig) {
  const session = request.webSession?.data;
  return {
    path: request.url.split('?')[0],
    signedIn: session ? { name: session.name, kind: session.kind } : null,
    csrfToken: session?.csrfToken ?? '',
    freeTextOrders: config.WEB_FREE_TEXT_ORDERS,
    grafanaUrl: config.WEB_GRAFANA_URL ?? null,
    bullBoardUrl: config.WEB_BULL_BOARD_URL,
  };
}

/** Eta templates (autoescaped), security headers, and the error and not-found pages. */
export async function registerPages(app: FastifyInstance, config: WebConfig): Promise<void> {
  // Compiled templates are cached in production; in development an edited view shows at once.
  const eta = new Eta({ views: viewsDir, cache: config.NODE_ENV === 'production', autoEscape: true });

  app.decorateReply(
    'page',
    function page(this: FastifyReply, view: string, data: Record<string, unknown> = {}) {
      const fragment =
        this.request.headers['hx-request'] === 'true' && this.request.headers['hx-boosted'] !== 'true';
      const html = eta.render(`./${view}`, { ...layoutData(this.request, config), ...data, fragment });
      return this.type('text/html; charset=utf-8').send(html);
    },
  );

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      // Pages show personal data: never kept by a shared cache, nor by the browser's back button after logout.
      reply.header('cache-control', 'no-store');
    }
    if (request.url.startsWith('/static/') || request.url.startsWith('/vendor/')) {
      reply.header('cross-origin-resource-policy', 'same-origin');
    }
  });

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).page('error', {
      title: 'Not found',
      message: 'There is no such page, or it is not yours to see.',
    }),
  );

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiUnavailableError || error instanceof ProviderUnavailableError) {
      request.log.warn({ err: error }, 'a service the page needs did not answer');
      return reply.code(503).page('error', { title: 'Temporarily unavailable', message: error.message });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status < 500) {
      return reply
        .code(status)
        .page('error', { title: 'Request refused', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'page failed');
    return reply
      .code(500)
      .page('error', { title: 'Something went wrong', message: 'The page could not be shown. Try again.' });
  });
}
