import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizationResponseError } from 'openid-client';
import { Type } from 'typebox';
import { unattributable } from '../../features/auth/resolve-actor.ts';
import { tokenRejection } from '../../features/auth/token-errors.ts';
import { bearerChallenge } from '../../features/auth/www-authenticate.ts';
import { ProviderUnavailableError } from '../../features/operator-session/operator-login.ts';
import { safeReturnTo } from '../../features/operator-session/return-to.ts';
import { SESSION_MAX_TTL_S } from '../../features/operator-session/session-cookies.ts';
import { verifyAccessToken } from '../../features/operator-session/verify-access-token.ts';
import { sendProblem } from '../../plugins/app/problem-details.ts';
import { PAGE_SECURITY_POLICY, signedInPage, signedOutPage } from './admin-pages.ts';

// Public routes under /admin: they are how a browser gets the session the other /admin routes need.
const publicRoute = { public: true } as const;

function unauthorized(request: FastifyRequest, reply: FastifyReply, detail: string) {
  reply.header('www-authenticate', bearerChallenge({ error: 'invalid_token', description: detail }));
  return sendProblem(request, reply, { code: 'unauthorized', detail });
}

function providerUnavailable(request: FastifyRequest, reply: FastifyReply, error: ProviderUnavailableError) {
  request.log.warn({ err: error.cause ?? error }, 'OpenID provider unreachable during an operator sign-in');
  return sendProblem(request, reply, { code: 'unavailable', detail: error.message });
}

function queryString(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at);
}

/**
 * Operators' browser sign-in for /admin (Bull Board), mounted at /admin: authorization code +
 * PKCE against the configured provider, the access token kept in the session cookie of
 * plugins/app/operator-session.ts.
 */
export default async function adminRoutes(fastify: FastifyInstance) {
  fastify.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  fastify.get(
    '/login',
    {
      config: publicRoute,
      schema: {
        hide: true,
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) }),
      },
    },
    async (request, reply) => {
      let started: Awaited<ReturnType<typeof fastify.operatorLogin.start>>;
      try {
        started = await fastify.operatorLogin.start();
      } catch (error) {
        if (error instanceof ProviderUnavailableError) {
          return providerUnavailable(request, reply, error);
        }
        throw error;
      }
      const { returnTo } = request.query as { returnTo?: string };
      request.adminLogin.set('state', started.pending.state);
      request.adminLogin.set('codeVerifier', started.pending.codeVerifier);
      request.adminLogin.set('returnTo', safeReturnTo(returnTo));
      return reply.redirect(started.url.href, 302);
    },
  );

  fastify.get('/callback', { config: publicRoute, schema: { hide: true } }, async (request, reply) => {
    const login = request.adminLogin;
    const state = login.get('state');
    const codeVerifier = login.get('codeVerifier');
    const returnTo = safeReturnTo(login.get('returnTo'));
    if (typeof state !== 'string' || typeof codeVerifier !== 'string') {
      return sendProblem(request, reply, {
        code: 'validation-failed',
        detail: 'no sign-in is in progress in this browser (or it expired): start again at /admin/login',
      });
    }
    // A sign-in is used once, whatever happens next.
    login.delete();
    const query = request.query as Record<string, unknown>;
    if (query.state !== state) {
      return sendProblem(request, reply, {
        code: 'validation-failed',
        detail: 'the state does not match the sign-in started in this browser: start again at /admin/login',
      });
    }

    let accessToken: string;
    try {
      ({ access_token: accessToken } = await fastify.operatorLogin.finish(queryString(request.url), {
        state,
        codeVerifier,
      }));
    } catch (error) {
      if (error instanceof ProviderUnavailableError) {
        return providerUnavailable(request, reply, error);
      }
      if (error instanceof AuthorizationResponseError) {
        return unauthorized(request, reply, `the provider refused the sign-in: ${error.error}`);
      }
      request.log.info({ err: error }, 'operator sign-in: the code could not be exchanged');
      return unauthorized(request, reply, 'the provider did not exchange the code for an access token');
    }

    let claims: Record<string, unknown>;
    try {
      claims = await verifyAccessToken(request, accessToken);
    } catch (error) {
      const rejection = tokenRejection(error);
      return unauthorized(
        request,
        reply,
        rejection.kind === 'invalid' ? rejection.description : 'the provider issued no access token',
      );
    }
    // A session must name its operator: the same rule as for a bearer token (RFC 9068 §2.2).
    const nobody = unattributable(claims);
    if (nobody) {
      return unauthorized(request, reply, nobody);
    }
    const nowS = Math.floor(Date.now() / 1000);
    const expiresAt = typeof claims.exp === 'number' ? claims.exp : nowS;
    try {
      await fastify.operatorSessions.open(request, {
        accessToken,
        expiresAt,
        ttlS: Math.max(0, Math.min(expiresAt - nowS, SESSION_MAX_TTL_S)),
      });
    } catch (error) {
      request.log.warn({ err: error }, 'operator sign-in: the session could not be stored (Redis)');
      return sendProblem(request, reply, {
        code: 'unavailable',
        detail: 'sessions are unavailable; try again shortly',
      });
    }
    request.log.info({ sub: claims.sub }, 'operator signed in');
    return (
      reply
        .header('content-security-policy', PAGE_SECURITY_POLICY)
        // The callback URL holds the authorization code: never leak it to the next page.
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8')
        .send(signedInPage(returnTo))
    );
  });

  fastify.post('/logout', { config: publicRoute, schema: { hide: true } }, async (request, reply) => {
    try {
      await fastify.operatorSessions.close(request);
    } catch (error) {
      // The cookie is gone; the server's record could not be deleted and lives until it expires.
      request.log.warn(
        { err: error },
        'operator logout: the session could not be ended on the server (Redis)',
      );
      return sendProblem(request, reply, {
        code: 'unavailable',
        detail:
          'signed out in this browser, but the session could not be ended on the server; sign out again shortly',
      });
    }
    const accept = request.headers.accept ?? '';
    if (!/\btext\/html\b/i.test(accept)) {
      return reply.code(204).send();
    }
    return reply
      .header('content-security-policy', PAGE_SECURITY_POLICY)
      .type('text/html; charset=utf-8')
      .send(signedOutPage());
  });
}
