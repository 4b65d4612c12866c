import secureSession, { type Session } from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  loginLocation,
  sessionApplies,
  wantsLoginPage,
} from '../../features/operator-session/browser-login.ts';
import { createOperatorLogin, type OperatorLogin } from '../../features/operator-session/operator-login.ts';
import { isSameOriginRequest } from '../../features/operator-session/same-origin.ts';
import {
  type LoginData,
  type OperatorSessionData,
  sessionCookieOptions,
} from '../../features/operator-session/session-cookies.ts';

/** What the auth plugin asks of operator sessions; see plugins/app/auth.ts. */
interface OperatorSessions {
  /** The session's access token, when the request is under /admin, has no Authorization header and a live session. */
  tokenOf(request: FastifyRequest): string | undefined;
  /** False for a state-changing request whose Origin/Referer is not the API's own (cross-site). */
  sameOrigin(request: FastifyRequest): boolean;
  /** For a browser's GET of an /admin page: ends any session and redirects to /admin/login. */
  redirectToLogin(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    adminSession: Session<OperatorSessionData>;
    adminLogin: Session<LoginData>;
  }
  interface FastifyInstance {
    operatorSessions: OperatorSessions;
    operatorLogin: OperatorLogin;
  }
}

/**
 * Browser sessions for operators at /admin (Bull Board): a browser cannot send a bearer header,
 * so after an OIDC sign-in (routes/admin) the access token is kept in an encrypted, httpOnly,
 * SameSite=Strict cookie scoped to /admin, and the auth plugin verifies it exactly as it would
 * verify the header. Must be registered before the auth plugin: its cookie hook runs first.
 */
async function operatorSession(fastify: FastifyInstance) {
  const { config } = fastify;
  await fastify.register(
    secureSession,
    sessionCookieOptions({ secret: config.ADMIN_SESSION_SECRET, publicUrl: config.PUBLIC_URL }),
  );
  fastify.decorate(
    'operatorLogin',
    createOperatorLogin({
      issuer: config.OIDC_ISSUER,
      clientId: config.OIDC_OPERATOR_CLIENT_ID,
      redirectUri: `${config.PUBLIC_URL.replace(/\/$/, '')}/admin/callback`,
      resource: config.OIDC_AUDIENCE,
      timeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
    }),
  );
  fastify.decorate('operatorSessions', {
    tokenOf(request) {
      if (!sessionApplies(request)) {
        return undefined;
      }
      const token = request.adminSession?.get('accessToken');
      const expiresAt = request.adminSession?.get('expiresAt');
      if (typeof token !== 'string' || typeof expiresAt !== 'number' || expiresAt * 1000 <= Date.now()) {
        return undefined;
      }
      return token;
    },
    sameOrigin: (request) => isSameOriginRequest(request, config.PUBLIC_URL),
    redirectToLogin(request, reply) {
      if (!wantsLoginPage(request)) {
        return undefined;
      }
      if (request.adminSession?.get('accessToken') !== undefined) {
        request.adminSession.delete();
      }
      return reply.header('cache-control', 'no-store').redirect(loginLocation(request.url), 302);
    },
  } satisfies OperatorSessions);
}

export default fp(operatorSession, { name: 'operator-session', dependencies: ['config'] });
