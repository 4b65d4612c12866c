import {
  allowInsecureHttp,
  ConfigError,
  describeEnvironment,
  fragments,
  insecureUrlWarnings,
  loadConfig,
  secretProblems,
  transportProblems,
} from '@sokoni/config';
import { locales } from '@sokoni/db';
import { type Static, Type } from 'typebox';
import { staffEmailConfig } from './staff-email-config.ts';

// JWS algorithms of public-key signatures; HS* (shared secret) and `none` can never be configured.
const ASYMMETRIC = '(RS256|RS384|RS512|PS256|PS384|PS512|ES256|ES384|ES512|EdDSA)';

/** apps/idp, the development provider; never a default in production. */
const DEVELOPMENT_ISSUER = 'http://localhost:3001';

/**
 * Where apps/idp runs: port 3001 on this machine (bin/dev), as compose's `idp` service, or as the
 * chart's `<release>-idp` dev component. Its clients' secrets are published, so production never
 * trusts it, whatever ALLOW_INSECURE_HTTP says.
 */
function isDevelopmentIssuer(issuer: string): boolean {
  const url = new URL(issuer);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return (
    port === '3001' && (['localhost', '127.0.0.1', '::1', 'idp'].includes(host) || host.endsWith('-idp'))
  );
}

/** The OAuth2 resource server: which issuer's tokens are trusted, for which audience, and how they are read. */
const oidcConfig = {
  OIDC_ISSUER: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        "issuer URL of the OpenID Connect provider, exactly as in the tokens' `iss` (required in production; " +
        'http://localhost:3001, apps/idp, otherwise)',
    }),
  ),
  OIDC_AUDIENCE: Type.String({
    default: 'urn:sokoni:api',
    minLength: 1,
    description: "audience (`aud`) the access tokens must carry: the API's resource indicator or identifier",
  }),
  OIDC_SCOPE_CLAIM: Type.String({
    default: 'scope,scp',
    pattern: '^[^,\\s]+(,[^,\\s]+)*$',
    description:
      'comma-separated claims holding the scopes, each a space-separated string or an array (e.g. scp,roles on Entra ID)',
  }),
  OIDC_CLOCK_TOLERANCE_S: Type.Integer({
    default: 30,
    minimum: 0,
    maximum: 300,
    description: 'seconds of clock skew allowed when checking exp and nbf',
  }),
  OIDC_ALGORITHMS: Type.String({
    default: 'RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA',
    pattern: `^${ASYMMETRIC}(,${ASYMMETRIC})*$`,
    description: 'comma-separated JWS algorithms accepted; asymmetric ones only (RS*, PS*, ES*, EdDSA)',
  }),
  OIDC_JWKS_CACHE_TTL_MS: Type.Integer({
    default: 600_000,
    minimum: 1000,
    description:
      "how long the issuer's key set is trusted before it is fetched again (a removed key stops working after this)",
  }),
  OIDC_JWKS_COOLDOWN_MS: Type.Integer({
    default: 10_000,
    minimum: 0,
    description:
      'the key set is fetched for an unknown `kid` at most this often; after a failed discovery or JWKS fetch, the provider is not asked again for this long',
  }),
  OIDC_HTTP_TIMEOUT_MS: Type.Integer({
    default: 5000,
    minimum: 100,
    description: "longest wait for the provider's discovery document or JWKS",
  }),
  MACHINE_CLIENT_IDS: Type.Optional(
    Type.String({
      pattern: '^\\s*[^,\\s]+(\\s*,\\s*[^,\\s]+)*\\s*$',
      description:
        'comma-separated client ids (`client_id`, else `azp`) whose tokens are machine clients (client credentials) ' +
        'for providers that set no grant claim, e.g. Keycloak; list only clients that cannot sign people in; unset → none',
    }),
  ),
  REQUIRE_AT_JWT_TYP: Type.Boolean({
    default: false,
    description:
      'refuse access tokens whose header `typ` is not at+jwt (RFC 9068), so no other JWT of the provider (an ID ' +
      'token) passes for one; turn on for providers that send it (apps/idp, Keycloak, Auth0 with the RFC 9068 profile)',
  }),
  OIDC_DOCS_CLIENT_ID: Type.String({
    default: 'sokoni-operator',
    minLength: 1,
    description: 'public client (authorization code + PKCE) that Swagger UI at /docs signs in with',
  }),
  OIDC_OPERATOR_CLIENT_ID: Type.String({
    default: 'sokoni-operator',
    minLength: 1,
    description:
      'public client (authorization code + PKCE) operators sign in with at /admin/login to open Bull Board; ' +
      'its redirect URI is <PUBLIC_URL>/admin/callback',
  }),
};

const apiConfigSchema = Type.Object({
  ...fragments.nodeEnv,
  ...fragments.logging,
  ...fragments.tracing,
  ...fragments.http(3000),
  ...fragments.database,
  ...fragments.redis,
  ...fragments.smsJobs,
  PUBLIC_URL: Type.String({
    default: 'http://localhost:3000',
    pattern: '^https?://',
    description: 'URL clients use to reach the API (OpenAPI servers, OAuth2 redirect of /docs)',
  }),
  DEFAULT_PHONE_REGION: Type.String({
    default: 'KE',
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166 region used to read phone numbers written without a country code',
  }),
  DEFAULT_CURRENCY: Type.String({
    default: 'KES',
    pattern: '^[A-Z]{3}$',
    description: 'ISO 4217 currency of orders',
  }),
  DEFAULT_LOCALE: Type.Enum(locales, {
    default: 'en',
    description: `language of SMS texts for customers created without a locale: ${locales.join(' or ')}`,
  }),
  SHOP_NAME: Type.String({ default: 'Sokoni', maxLength: 30, description: 'shop name written in SMS texts' }),
  ...staffEmailConfig,
  ENQUEUE_TIMEOUT_MS: Type.Integer({
    default: 250,
    minimum: 10,
    description: 'longest a request waits to hand a job to Redis after commit; the relay catches up later',
  }),
  AT_WEBHOOK_SECRET: Type.String({
    minLength: 16,
    description:
      "secret in the delivery-report callback URL registered with Africa's Talking: <PUBLIC_URL>/v1/webhooks/africastalking/delivery-reports/<secret>",
  }),
  ADMIN_SESSION_SECRET: Type.String({
    minLength: 32,
    description:
      "secret (at least 32 characters, e.g. `openssl rand -hex 32`) from which the keys encrypting the operators' " +
      '/admin session cookies are derived; changing it signs every operator out',
  }),
  BODY_LIMIT_BYTES: Type.Integer({
    default: 65_536,
    minimum: 1024,
    description: 'largest accepted request body',
  }),
  CORS_ORIGINS: Type.Optional(
    Type.String({
      pattern: '^\\s*https?://[^/,\\s]+(\\s*,\\s*https?://[^/,\\s]+)*\\s*$',
      description:
        'comma-separated origins (scheme://host[:port]) of browser apps allowed to call the API across origins; ' +
        'unset → none (browsers refuse every cross-origin call)',
    }),
  ),
  TRUST_PROXY: Type.String({
    default: 'false',
    pattern:
      '^\\s*(false|[0-9]{1,2}|[0-9a-fA-F.:]+(/[0-9]{1,3})?(\\s*,\\s*[0-9a-fA-F.:]+(/[0-9]{1,3})?)*)\\s*$',
    description:
      'which proxies in front of the API to believe about the client (X-Forwarded-For, -Proto, -Host): false (none), ' +
      'a number of hops, or a comma-separated list of their addresses or CIDR ranges',
  }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({
    default: 1200,
    minimum: 0,
    description:
      'requests a minute each caller may make, counted in Redis across every API replica: a token by its ' +
      'subject (`sub`, or the client id of a machine token), a request without one by its client address; ' +
      'health, readiness, metrics, /docs and the delivery-report webhook are not counted; 0 turns the limiter off',
  }),
  RATE_LIMIT_ORDER_WRITES_PER_MINUTE: Type.Integer({
    default: 120,
    minimum: 0,
    description:
      'requests a minute each caller may make to the routes that owe an SMS (placing an order, changing its ' +
      'status or cancelling it, a resend), one budget for all of them and apart from RATE_LIMIT_PER_MINUTE; ' +
      '0: they count against RATE_LIMIT_PER_MINUTE instead',
  }),
  RATE_LIMIT_TIMEOUT_MS: Type.Integer({
    default: 250,
    minimum: 10,
    description:
      "longest a request waits for the limiter's count in Redis; past it, or while Redis is down, the request " +
      'goes through uncounted',
  }),
  ...allowInsecureHttp,
  ...oidcConfig,
});

export type ApiConfig = Static<typeof apiConfigSchema> & { OIDC_ISSUER: string };

export function loadApiConfig(env: Record<string, string | undefined> = process.env): ApiConfig {
  const config = loadConfig(apiConfigSchema, env);
  const problems: string[] = [
    ...secretProblems('ADMIN_SESSION_SECRET', config.ADMIN_SESSION_SECRET, config.NODE_ENV),
    ...secretProblems('AT_WEBHOOK_SECRET', config.AT_WEBHOOK_SECRET, config.NODE_ENV),
  ];
  if (config.NODE_ENV === 'production') {
    if (config.OIDC_ISSUER === undefined) {
      problems.push('OIDC_ISSUER is required in production: issuer URL of the OpenID Connect provider');
    } else if (isDevelopmentIssuer(config.OIDC_ISSUER)) {
      problems.push(
        `OIDC_ISSUER ${config.OIDC_ISSUER} is the development OpenID provider (apps/idp), whose client ` +
          'secrets are published: production must trust a real provider',
      );
    } else {
      problems.push(...transportProblems('OIDC_ISSUER', config.OIDC_ISSUER, config));
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return { ...config, OIDC_ISSUER: config.OIDC_ISSUER ?? DEVELOPMENT_ISSUER };
}

/** What the API logs as a warning at every start while ALLOW_INSECURE_HTTP lets plain http through. */
export function insecureTransportWarnings(config: ApiConfig): string[] {
  return insecureUrlWarnings({ OIDC_ISSUER: config.OIDC_ISSUER }, config);
}

// `node apps/api/src/config.ts` prints the variables the API reads, with their defaults, as JSON:
// what the deployment checks hold .env.example, compose and the chart to, without importing the API.
if (import.meta.main) {
  console.log(JSON.stringify(describeEnvironment(apiConfigSchema, { OIDC_ISSUER: DEVELOPMENT_ISSUER })));
}
