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
import { createOperatorSessionStore } from '../../features/operator-session/session-store.ts';

/** What the auth plugin asks of operator sessions; see plugins/app/auth.ts. */
interface OperatorSessions {
  /** The session's access token, when the request is under /admin, has no Authorization header and a live session. */
  tokenOf(request: FastifyRequest): Promise<string | undefined>;
  /** Starts a session for a verified access token: a server-side id, then the cookie. */
  open(
    request: FastifyRequest,
    session: { accessToken: string; expiresAt: number; ttlS: number },
  ): Promise<void>;
  /** Ends the session on the server and in the browser (logout). */
  close(request: FastifyRequest): Promise<void>;
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
 * SameSite=Strict cookie scoped to /admin, with the id of a server-side session that logout
 * deletes, and the auth plugin verifies the token exactly as it would verify the header. Must be registered before the auth plugin: its cookie hook runs first.
 */
async function operatorSession(fastify: FastifyInstance) {
  const { config } = fastify;
  await fastify.register(
    secureSession,
    sessionCookieOptions({
      secret: config.ADMIN_SESSION_SECRET,
      publicUrl: config.PUBLIC_URL,
      nodeEnv: config.NODE_ENV,
    }),
  );
  const store = createOperatorSessionStore({
    redis: fastify.smsProducer.connection,
    prefix: config.QUEUE_PREFIX,
  });
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
    async tokenOf(request) {
      if (!sessionApplies(request)) {
        return undefined;
      }
      const token = request.adminSession?.get('accessToken');
      const expiresAt = request.adminSession?.get('expiresAt');
      const sessionId = request.adminSession?.get('sessionId');
      if (
        typeof token !== 'string' ||
        typeof sessionId !== 'string' ||
        typeof expiresAt !== 'number' ||
        expiresAt * 1000 <= Date.now()
      ) {
        return undefined;
      }
      try {
        return (await store.isOpen(sessionId)) ? token : undefined;
      } catch (error) {
        request.log.warn(
          { err: error },
          'operator sessions unavailable (Redis); treating the cookie as signed out',
        );
        return undefined;
      }
    },
    async open(request, session) {
      const sessionId = await store.open(session.ttlS);
      request.adminSession.set('accessToken', session.accessToken);
      request.adminSession.set('sessionId', sessionId);
      request.adminSession.set('expiresAt', session.expiresAt);
      request.adminSession.options({ maxAge: session.ttlS });
    },
    async close(request) {
      const sessionId = request.adminSession?.get('sessionId');
      request.adminSession.delete();
      if (typeof sessionId === 'string') {
        await store.close(sessionId);
      }
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

export default fp(operatorSession, { name: 'operator-session', dependencies: ['config', 'sms-queue'] });
