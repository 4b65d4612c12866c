import { hkdfSync } from 'node:crypto';
import secureSession, { type Session } from '@fastify/secure-session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { WebConfig } from '../config.ts';
import { comesFromOrigin, csrfTokenMatches, newCsrfToken } from './csrf.ts';
import type { OidcClient, PendingSignIn, SignedIn } from './oidc-client.ts';
import { createSessionStore, type WebSession } from './session-store.ts';

const SESSION_COOKIE = 'sokoni_web';
const SIGN_IN_COOKIE = 'sokoni_web_sign_in';
/** A sign-in must come back from the provider within this many seconds. */
const SIGN_IN_TTL_S = 600;
/** An access token this close to its expiry is refreshed before it is used. */
const REFRESH_MARGIN_S = 30;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person's session, when the cookie names a live one. */
    webSession?: { id: string; data: WebSession };
    signIn: Session<PendingSignIn>;
  }
  interface FastifyInstance {
    sessions: {
      open(reply: FastifyReply, kind: WebSession['kind'], signedIn: SignedIn): Promise<void>;
      close(request: FastifyRequest, reply: FastifyReply): Promise<void>;
      /** Stores what a page changed in the session (the basket). */
      save(request: FastifyRequest): Promise<void>;
    };
  }
}

function cookieKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'sokoni-web', purpose, 32));
}

/**
 * Backend-for-frontend sessions: the browser holds only an opaque id in an HttpOnly,
 * SameSite=Lax cookie (Secure over https or in production); the tokens stay in Redis
 * (session-store.ts). Every request that changes something must come from our own origin and
 * carry the session's CSRF token (form field `_csrf` or header `x-csrf-token`, which htmx sends).
 * The sign-in in flight (state, PKCE verifier) travels in a separate encrypted cookie scoped to
 * /callback, as the API's operator sign-in does.
 */
export async function registerSessions(
  app: FastifyInstance,
  options: { config: WebConfig; redis: Redis; oidc: OidcClient },
): Promise<void> {
  const { config, oidc } = options;
  const secure = new URL(config.WEB_PUBLIC_URL).protocol === 'https:' || config.NODE_ENV === 'production';
  const store = createSessionStore({
    redis: options.redis,
    secret: config.WEB_SESSION_SECRET,
    ttlS: config.WEB_SESSION_TTL_S,
  });

  await app.register(secureSession, {
    sessionName: 'signIn',
    cookieName: SIGN_IN_COOKIE,
    key: cookieKey(config.WEB_SESSION_SECRET, SIGN_IN_COOKIE),
    expiry: SIGN_IN_TTL_S,
    cookie: { path: '/callback', httpOnly: true, sameSite: 'lax', secure, maxAge: SIGN_IN_TTL_S },
  });

  async function load(request: FastifyRequest): Promise<void> {
    const id = request.cookies[SESSION_COOKIE];
    if (!id) {
      return;
    }
    const data = await store.find(id);
    if (!data) {
      return;
    }
    if (data.accessTokenExpiresAt - REFRESH_MARGIN_S > Date.now() / 1000) {
      request.webSession = { id, data };
      return;
    }
    if (!data.refreshToken) {
      await store.destroy(id);
      return;
    }
    try {
      const refreshed = await oidc.refresh(data.refreshToken);
      const next: WebSession = {
        ...data,
        accessToken: refreshed.accessToken,
        accessTokenExpiresAt: refreshed.accessTokenExpiresAt,
        ...(refreshed.refreshToken ? { refreshToken: refreshed.refreshToken } : {}),
      };
      await store.update(id, next);
      request.webSession = { id, data: next };
    } catch (error) {
      request.log.info({ err: error }, 'refreshing the session’s tokens failed; signing out');
      await store.destroy(id);
    }
  }

  app.addHook('preHandler', async (request, reply) => {
    if (
      request.url.startsWith('/static/') ||
      request.url.startsWith('/vendor/') ||
      request.url === '/healthz'
    ) {
      return;
    }
    await load(request);
    if (SAFE_METHODS.has(request.method)) {
      return;
    }
    if (!comesFromOrigin(request.headers, config.WEB_PUBLIC_URL)) {
      return reply.code(403).page('error', {
        title: 'Request refused',
        message: 'This form was not sent from a page of this site.',
      });
    }
    if (!request.webSession) {
      return reply.code(303).redirect('/login');
    }
    const body = request.body as Record<string, unknown> | undefined;
    const given = request.headers['x-csrf-token'] ?? body?._csrf;
    if (!csrfTokenMatches(request.webSession.data.csrfToken, given)) {
      return reply.code(403).page('error', {
        title: 'Request refused',
        message: 'The form had expired or was not sent from this site. Reload the page and try again.',
      });
    }
  });

  app.decorate('sessions', {
    async open(reply, kind, signedIn) {
      const id = await store.create({
        kind,
        sub: signedIn.sub,
        name: signedIn.name,
        ...(signedIn.email ? { email: signedIn.email } : {}),
        ...(signedIn.phone ? { phone: signedIn.phone } : {}),
        accessToken: signedIn.accessToken,
        ...(signedIn.refreshToken ? { refreshToken: signedIn.refreshToken } : {}),
        accessTokenExpiresAt: signedIn.accessTokenExpiresAt,
        csrfToken: newCsrfToken(),
      });
      reply.setCookie(SESSION_COOKIE, id, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        maxAge: config.WEB_SESSION_TTL_S,
      });
    },
    async close(request, reply) {
      if (request.webSession) {
        await store.destroy(request.webSession.id);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    },
    async save(request) {
      if (request.webSession) {
        await store.update(request.webSession.id, request.webSession.data);
      }
    },
  } satisfies FastifyInstance['sessions']);
}

/** preHandler of customer pages: a customer's session, or off to sign in and back. */
export async function requireCustomer(request: FastifyRequest, reply: FastifyReply) {
  if (request.webSession?.data.kind !== 'customer') {
    return reply.redirect(`/login?returnTo=${encodeURIComponent(request.url)}`, 303);
  }
}

/** preHandler of console pages: an operator's session, or off to the console's sign-in. */
export async function requireOperator(request: FastifyRequest, reply: FastifyReply) {
  if (request.webSession?.data.kind !== 'operator') {
    return reply.redirect(`/console/login?returnTo=${encodeURIComponent(request.url)}`, 303);
  }
}

/** The session of a request its route's guard (requireCustomer, requireOperator) let through. */
export function sessionOf(request: FastifyRequest): WebSession {
  const session = request.webSession?.data;
  if (!session) {
    throw Object.assign(new Error('not signed in'), { statusCode: 401 });
  }
  return session;
}
