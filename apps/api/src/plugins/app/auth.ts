import jwt from '@fastify/jwt';
import type { Scope } from '@sokoni/contracts';
import { findCustomerBySubject } from '@sokoni/db';
import { settlesWithin } from '@sokoni/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { type Actor, systemActor } from '../../features/auth/actor.ts';
import { createIssuerMetadata, type IssuerMetadataSource } from '../../features/auth/issuer-metadata.ts';
import { resolveActor, unattributable } from '../../features/auth/resolve-actor.ts';
import {
  accessDeclarationProblem,
  isProtectedPath,
  type RouteAccess,
  routeAccess,
  scopeGrant,
} from '../../features/auth/route-access.ts';
import { readScopes } from '../../features/auth/scopes.ts';
import { createSigningKeys, type TokenHeader } from '../../features/auth/signing-keys.ts';
import { tokenRejection } from '../../features/auth/token-errors.ts';
import { requireAccessTokenType } from '../../features/auth/token-type.ts';
import { bearerChallenge } from '../../features/auth/www-authenticate.ts';
import { verifyAccessToken } from '../../features/operator-session/verify-access-token.ts';
import { sendProblem } from './problem-details.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyInstance {
    /** The issuer's discovery document (endpoints for /docs), once fetched. */
    oidcIssuer: IssuerMetadataSource;
    /** What each route added after the auth plugin requires: for audits and the route-table tests. */
    routeAccessTable: () => Array<{ method: string; url: string; access: RouteAccess }>;
  }
  interface FastifyContextConfig {
    /**
     * Scopes a token needs for this route (any one of them is not enough: all are required).
     * Typed by @sokoni/contracts, so a misspelt scope fails tsc instead of refusing every token.
     */
    scopes?: readonly Scope[];
    /**
     * What a customer's own token needs instead of `scopes` (customer scopes only): accepted only
     * when the token acts as a customer, who then sees only its own data (route-access.ts).
     */
    ownScopes?: readonly Scope[];
    /** No token needed (a route with its own secret, such as the delivery-report webhook). */
    public?: boolean;
  }
}

/** Verified tokens remembered, and for how long at most (ms). */
const VERIFIED_TOKEN_CACHE_SIZE = 1000;
const VERIFIED_TOKEN_CACHE_TTL_MS = 60_000;

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function accessOf(request: FastifyRequest): RouteAccess {
  if (request.is404) {
    // An unknown path under /v1 still needs a token, so the route table cannot be probed anonymously.
    const path = request.url.split('?')[0] ?? '';
    return isProtectedPath(path) ? { kind: 'token', scopes: [] } : { kind: 'public' };
  }
  return routeAccess(request.routeOptions.url ?? '', request.routeOptions.config);
}

function rejectToken(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const rejection = tokenRejection(error);
  if (rejection.kind === 'missing') {
    reply.header('www-authenticate', bearerChallenge());
    return sendProblem(request, reply, {
      code: 'unauthorized',
      detail: 'this needs an access token: Authorization: Bearer <token>',
    });
  }
  if (rejection.expected) {
    request.log.info({ reason: rejection.description }, 'access token refused');
  } else {
    request.log.warn({ err: error }, 'access token could not be verified');
  }
  reply.header(
    'www-authenticate',
    bearerChallenge({ error: 'invalid_token', description: rejection.description }),
  );
  return sendProblem(request, reply, { code: 'unauthorized', detail: rejection.description });
}

/** A verified token the API still cannot accept (RFC 6750 `invalid_token`), e.g. one without `sub`. */
function invalidToken(request: FastifyRequest, reply: FastifyReply, description: string) {
  request.log.info({ reason: description }, 'access token refused');
  reply.header('www-authenticate', bearerChallenge({ error: 'invalid_token', description }));
  return sendProblem(request, reply, { code: 'unauthorized', detail: description });
}

function refuse(request: FastifyRequest, reply: FastifyReply, detail: string, scope?: string) {
  reply.header(
    'www-authenticate',
    bearerChallenge({ error: 'insufficient_scope', description: detail, ...(scope ? { scope } : {}) }),
  );
  return sendProblem(request, reply, { code: 'forbidden', detail });
}

/**
 * The API as an OAuth2 resource server. Every route under /v1 and /admin needs a bearer JWT from
 * the configured issuer (signature by a key of its JWKS, asymmetric algorithms only, `iss`,
 * `aud`, `exp`, `nbf`) holding all the scopes in the route's `config.scopes`, unless the route
 * says `config.public`. The check runs in `onRequest`, before any body is read. The resulting
 * actor (features/auth/resolve-actor.ts) is what services see.
 */
async function auth(fastify: FastifyInstance) {
  const { config } = fastify;
  const scopeClaims = list(config.OIDC_SCOPE_CLAIM);
  const algorithms = list(config.OIDC_ALGORITHMS);
  const machineClientIds: ReadonlySet<string> = new Set(list(config.MACHINE_CLIENT_IDS ?? ''));
  const metadata = createIssuerMetadata({
    issuer: config.OIDC_ISSUER,
    timeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
    retryAfterMs: config.OIDC_JWKS_COOLDOWN_MS,
  });
  const keys = createSigningKeys({
    metadata,
    algorithms,
    cacheTtlMs: config.OIDC_JWKS_CACHE_TTL_MS,
    cooldownMs: config.OIDC_JWKS_COOLDOWN_MS,
    timeoutMs: config.OIDC_HTTP_TIMEOUT_MS,
  });
  fastify.decorate('oidcIssuer', metadata);

  // The key is chosen by the token's `kid` among the configured issuer's keys only: the token's
  // own `iss` never decides where keys come from. The header is checked here, before any key is
  // fetched or any signature checked; a token refused here is never cached as verified.
  async function publicKeyFor(header: TokenHeader): Promise<string> {
    if (config.REQUIRE_AT_JWT_TYP) {
      requireAccessTokenType(header);
    }
    return keys.getPublicKey(header);
  }

  await fastify.register(jwt, {
    secret: (_request: FastifyRequest, token: { header?: TokenHeader } | TokenHeader) =>
      publicKeyFor('header' in token && token.header ? token.header : (token as TokenHeader)),
    decode: { complete: true },
    verify: {
      allowedIss: config.OIDC_ISSUER,
      allowedAud: config.OIDC_AUDIENCE,
      algorithms: algorithms as never,
      clockTolerance: config.OIDC_CLOCK_TOLERANCE_S * 1000,
      requiredClaims: ['iss', 'aud', 'exp'],
      // fast-jwt remembers tokens it verified (never longer than their `exp`), so a client that
      // sends the same token on every request pays for one signature check per minute instead of
      // one per request. A token signed by a key the provider has since withdrawn is therefore
      // accepted for at most this long after its last check.
      cache: VERIFIED_TOKEN_CACHE_SIZE,
      cacheTTL: VERIFIED_TOKEN_CACHE_TTL_MS,
    },
  });

  // Checked once every plugin has added its routes (and possibly set their config in its own
  // onRoute hook), so that a route under /v1 or /admin without scopes stops the API from starting.
  const routes: RouteOptions[] = [];
  fastify.addHook('onRoute', (route) => {
    routes.push(route);
  });
  fastify.decorate('routeAccessTable', () =>
    routes.flatMap((route) =>
      [route.method].flat().map((method) => ({
        method,
        url: route.url,
        access: routeAccess(route.url, route.config),
      })),
    ),
  );
  fastify.addHook('onReady', async () => {
    const problems = routes.flatMap((route) => accessDeclarationProblem(route, route.config) ?? []);
    if (problems.length > 0) {
      throw new Error(`routes must declare their access: ${[...new Set(problems)].join('; ')}`);
    }
    // Discover early so /docs shows the issuer's endpoints; a provider that is down only delays this.
    const discovered = metadata.get().then(
      () => undefined,
      (error: unknown) =>
        fastify.log.warn({ err: error }, 'OIDC discovery failed; retried on the next request'),
    );
    await settlesWithin(discovered, config.OIDC_HTTP_TIMEOUT_MS);
  });

  fastify.decorateRequest('actor', null as unknown as Actor);
  fastify.addHook('onRequest', async (request, reply) => {
    request.actor = systemActor;
    const access = accessOf(request);
    if (access.kind === 'public') {
      return;
    }
    // An operator's browser at /admin (Bull Board) brings the token in its session cookie
    // (plugins/app/operator-session.ts); it is verified exactly as a bearer header would be.
    const sessionToken = await fastify.operatorSessions.tokenOf(request);
    if (sessionToken !== undefined && !fastify.operatorSessions.sameOrigin(request)) {
      return sendProblem(request, reply, {
        code: 'forbidden',
        detail: 'a request signed in by the session cookie must come from this site (Origin or Referer)',
      });
    }
    let payload: Record<string, unknown>;
    try {
      payload =
        sessionToken === undefined
          ? await request.jwtVerify<Record<string, unknown>>()
          : await verifyAccessToken(request, sessionToken);
    } catch (error) {
      return fastify.operatorSessions.redirectToLogin(request, reply) ?? rejectToken(request, reply, error);
    }
    const invalid = unattributable(payload);
    if (invalid !== undefined) {
      return invalidToken(request, reply, invalid);
    }
    const scopes = readScopes(payload, scopeClaims);
    const grant = scopeGrant(access, scopes);
    const lacksScopes = () => {
      const missing = access.scopes.filter((scope) => !scopes.has(scope));
      return refuse(
        request,
        reply,
        `the token lacks the scope ${missing.join(' ')} this needs`,
        access.scopes.join(' '),
      );
    };
    if (grant === 'refused') {
      return lacksScopes();
    }
    const resolution = await resolveActor({
      claims: payload,
      scopes,
      machineClientIds,
      findCustomerIdBySubject: async (subject) => (await findCustomerBySubject(fastify.db, subject))?.id,
    });
    if ('invalid' in resolution) {
      return invalidToken(request, reply, resolution.invalid);
    }
    if ('refused' in resolution) {
      return refuse(request, reply, resolution.refused);
    }
    // A route's ownScopes serve a customer's own token only: a machine client holding them is
    // refused as if it held nothing, since it would otherwise see every customer's data.
    if (grant === 'as-customer' && resolution.actor.customerId === null) {
      return lacksScopes();
    }
    request.actor = resolution.actor;
  });
}

export default fp(auth, {
  name: 'auth',
  dependencies: ['config', 'db', 'problem-details', 'operator-session'],
});
