/// <reference path="./memory-adapter.d.ts" />
import { API_SCOPES } from '@sokoni/contracts/scopes';
import Provider, {
  type ClientMetadata,
  errors,
  type KoaContextWithOIDC,
  type ResourceServer,
} from 'oidc-provider';
// oidc-provider's own in-memory store, one per provider: tests run several providers in one process.
// Sessions, grants and refresh tokens are lost on restart (signing keys are not): fine for development.
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import pino, { type Logger } from 'pino';
import { developmentClients } from './clients.ts';
import { escapeHtml, renderPage } from './html.ts';
import { interactionRoutes } from './interactions.ts';
import { loadOrCreateKeys } from './keys.ts';
import { refuseProduction } from './production-guard.ts';
import { createUserDirectory } from './registered-users.ts';
import { OIDC_SCOPES } from './scopes.ts';

export interface IdpOptions {
  /** Issuer URL, exactly as clients will reach it (`http://localhost:3001`, `http://127.0.0.1:<port>`). */
  issuer: string;
  /** Where keys are generated once and kept (see keys.ts). */
  dataDir: string;
  /** Resource indicator of the API; becomes the `aud` of access tokens. Default `urn:sokoni:api`. */
  audience?: string;
  /** Lifetime of access tokens in seconds. Default 3600. */
  accessTokenTtlSeconds?: number;
  /** NODE_ENV; `production` is refused. */
  nodeEnv?: string;
  /** Replaces the development clients, e.g. to add one in a test. */
  clients?: ClientMetadata[];
  logger?: Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;
}

const DAY = 24 * 60 * 60;

/**
 * Builds the development OpenID provider: the clients and demo users of DESIGN.md, JWT access
 * tokens for one resource server (the API), signed RS256 with keys kept in `dataDir`.
 * The returned Provider is a Koa app; serve it with `provider.callback()` or see listen.ts.
 */
export async function createIdp(options: IdpOptions): Promise<Provider> {
  refuseProduction(options.nodeEnv);
  const audience = options.audience ?? 'urn:sokoni:api';
  const accessTokenTtl = options.accessTokenTtlSeconds ?? 3600;
  const logger = options.logger ?? pino({ level: 'error' });
  const keys = await loadOrCreateKeys(options.dataDir);
  const users = await createUserDirectory({ dataDir: options.dataDir });

  const apiResourceServer: ResourceServer = {
    scope: API_SCOPES.join(' '),
    audience,
    accessTokenTTL: accessTokenTtl,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };

  const provider = new Provider(options.issuer, {
    adapter: createMemoryAdapter(),
    clients: options.clients ?? developmentClients(),
    findAccount: users.findAccount,
    jwks: keys.jwks,
    cookies: { keys: keys.cookieKeys },
    // API scopes are listed with the OIDC ones so that each client's registered `scope`
    // is enforced for them too: asking for a scope the client lacks is `invalid_scope`.
    scopes: [...OIDC_SCOPES, ...API_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    // Authorization code (with PKCE) only: no implicit or hybrid flows.
    responseTypes: ['code'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // The API is the only resource server, so a request without `resource` means it:
        // `curl` needs no extra flag.
        defaultResource: () => audience,
        // The code and refresh grants reuse the granted resource, so they also yield API tokens.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== audience) {
            throw new errors.InvalidTarget(
              `unknown resource; this provider issues tokens for ${audience} only`,
            );
          }
          return apiResourceServer;
        },
      },
    },
    // Client-credentials tokens say so, as Auth0's do: the API recognises machine clients by this
    // claim only, never by `sub` equal to `client_id` (which RFC 9068 allows a person's token too).
    extraTokenClaims: (_ctx, token) =>
      token.kind === 'ClientCredentials' ? { gty: 'client-credentials' } : undefined,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // Interactive clients get a refresh token with every login, not only with offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: accessTokenTtl,
      ClientCredentials: accessTokenTtl,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      RefreshToken: 14 * DAY,
      Session: 14 * DAY,
      Grant: 14 * DAY,
    },
    // Browser apps of the public clients may call the token endpoint from their redirect URIs'
    // origins; on loopback any port, as redirect URIs of native clients match (RFC 8252 §7.3).
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientAuthMethod === 'none' &&
      (client.redirectUris ?? []).some((uri) => sameOriginOrLoopbackPort(uri, origin)),
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'html';
      const lines = Object.entries(out).map(
        ([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`,
      );
      ctx.body = renderPage('Error', `<h1>Something went wrong</h1>${lines.join('')}`);
    },
  });

  provider.use(interactionRoutes(provider, users));
  provider.on('server_error', (_ctx, error) => logger.error({ err: error }, 'oidc-provider server error'));
  provider.on('grant.error', (_ctx, error) => logger.debug({ err: error }, 'token request refused'));
  provider.on('authorization.error', (_ctx, error) =>
    logger.debug({ err: error }, 'authorization request refused'),
  );
  provider.on('grant.success', (ctx) => logger.info({ clientId: ctx.oidc.client?.clientId }, 'token issued'));
  // Koa reports errors of requests it could not answer here; without a listener it prints them.
  (provider as NodeJS.EventEmitter).on('error', (error: unknown) =>
    logger.error({ err: error }, 'idp request failed'),
  );
  return provider;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function sameOriginOrLoopbackPort(redirectUri: string, origin: string): boolean {
  const redirect = URL.parse(redirectUri);
  const caller = URL.parse(origin);
  if (!redirect || !caller) {
    return false;
  }
  if (redirect.origin === caller.origin) {
    return true;
  }
  return (
    LOOPBACK_HOSTS.has(redirect.hostname) &&
    redirect.hostname === caller.hostname &&
    redirect.protocol === caller.protocol
  );
}
