import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import type { WebConfig } from '../config.ts';
import { type OidcClient, ProviderUnavailableError } from '../session/oidc-client.ts';

/** Only paths of this app are returned to after sign-in: never another site (open redirect). */
function localPath(value: unknown, fallback: string): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}

/**
 * Sign-in (authorization code + PKCE at the provider), its callback, and logout. Customers sign
 * in at /login, operators at /console/login; the provider's own page offers registration.
 */
export async function authRoutes(app: FastifyInstance, options: { config: WebConfig; oidc: OidcClient }) {
  const { oidc } = options;

  async function start(
    kind: 'customer' | 'operator',
    returnTo: string,
    request: import('fastify').FastifyRequest,
  ) {
    const { url, pending } = await oidc.start(kind, returnTo);
    request.signIn.set('state', pending.state);
    request.signIn.set('codeVerifier', pending.codeVerifier);
    request.signIn.set('kind', pending.kind);
    request.signIn.set('returnTo', pending.returnTo);
    return url.href;
  }

  app.get<{ Querystring: { returnTo?: string } }>('/login', async (request, reply) =>
    reply.redirect(await start('customer', localPath(request.query.returnTo, '/orders'), request), 303),
  );

  app.get<{ Querystring: { returnTo?: string } }>('/console/login', async (request, reply) =>
    reply.redirect(await start('operator', localPath(request.query.returnTo, '/console'), request), 303),
  );

  app.get('/callback', async (request, reply) => {
    const state = request.signIn.get('state');
    const codeVerifier = request.signIn.get('codeVerifier');
    const kind = request.signIn.get('kind');
    const returnTo = request.signIn.get('returnTo');
    request.signIn.delete();
    if (!state || !codeVerifier || !kind || !returnTo) {
      return reply.code(400).page('error', {
        title: 'Sign-in expired',
        message: 'No sign-in was in progress in this browser, or it took too long.',
        action: { href: '/login', label: 'Sign in again' },
      });
    }
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let signedIn: Awaited<ReturnType<OidcClient['finish']>>;
    try {
      signedIn = await oidc.finish(search, { state, codeVerifier, kind, returnTo });
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        throw error;
      }
      const cancelled = error instanceof client.AuthorizationResponseError && error.error === 'access_denied';
      request.log.info({ err: error }, 'sign-in refused');
      return reply.code(cancelled ? 400 : 401).page('error', {
        title: cancelled ? 'Sign-in cancelled' : 'Sign-in failed',
        message: cancelled ? 'You cancelled the sign-in.' : 'The sign-in service refused the sign-in.',
        action: { href: kind === 'operator' ? '/console/login' : '/login', label: 'Sign in again' },
      });
    }
    if (kind === 'operator' && !signedIn.scopes.has('notifications:read')) {
      return reply.code(403).page('error', {
        title: 'No operator access',
        message: 'This account may not use the operator console. Customers sign in at the shop.',
        action: { href: '/login', label: 'Go to the shop' },
      });
    }
    await app.sessions.open(reply, kind, signedIn);
    return reply.redirect(returnTo, 303);
  });

  app.post('/logout', async (request, reply) => {
    await app.sessions.close(request, reply);
    return reply.redirect('/', 303);
  });

  app.get('/', async (request, reply) => {
    const session = request.webSession?.data;
    if (session) {
      return reply.redirect(session.kind === 'operator' ? '/console' : '/orders', 303);
    }
    return reply.page('home', { title: 'Welcome' });
  });
}
