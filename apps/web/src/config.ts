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
import { type Static, Type } from 'typebox';

const webConfigSchema = Type.Object({
  ...fragments.nodeEnv,
  ...fragments.logging,
  ...fragments.http(3004),
  REDIS_URL: fragments.redis.REDIS_URL,
  WEB_PUBLIC_URL: Type.String({
    default: 'http://localhost:3004',
    pattern: '^https?://[^/]+$',
    description:
      'origin browsers reach the web app at (scheme://host[:port]): the sign-in redirect URI <WEB_PUBLIC_URL>/callback, ' +
      'the origin every form must come from; https (or production) makes its cookies Secure',
  }),
  WEB_API_URL: Type.String({
    default: 'http://localhost:3000',
    pattern: '^https?://',
    description:
      'base URL the web app calls the Sokoni API at (server to server; may be an internal address)',
  }),
  OIDC_ISSUER: Type.String({
    default: 'http://localhost:3001',
    pattern: '^https?://',
    description:
      'issuer URL of the OpenID Connect provider people sign in with (the API trusts the same one)',
  }),
  OIDC_AUDIENCE: Type.String({
    default: 'urn:sokoni:api',
    minLength: 1,
    description: 'resource indicator (RFC 8707) of the API asked for at sign-in: the access tokens’ audience',
  }),
  OIDC_HTTP_TIMEOUT_MS: Type.Integer({
    default: 5000,
    minimum: 100,
    description: 'longest wait for the provider (discovery, token endpoint)',
  }),
  WEB_OIDC_CLIENT_ID: Type.String({
    default: 'sokoni-web',
    minLength: 1,
    description:
      'confidential client (authorization code + PKCE, and client credentials for creating the customer of a ' +
      'first sign-in) of the web app; redirect URI <WEB_PUBLIC_URL>/callback',
  }),
  WEB_OIDC_CLIENT_SECRET: Type.String({
    minLength: 1,
    description: 'secret of WEB_OIDC_CLIENT_ID at the provider (apps/idp: sokoni-web-secret)',
  }),
  WEB_SESSION_SECRET: Type.String({
    minLength: 32,
    description:
      'secret (at least 32 characters, e.g. `openssl rand -hex 32`) from which the keys encrypting the sign-in cookie ' +
      'and the session records in Redis are derived; changing it signs everyone out',
  }),
  WEB_SESSION_TTL_S: Type.Integer({
    default: 12 * 3600,
    minimum: 300,
    maximum: 30 * 24 * 3600,
    description: 'longest a web session lasts, in seconds, however often its tokens are refreshed',
  }),
  WEB_API_TIMEOUT_MS: Type.Integer({
    default: 5000,
    minimum: 100,
    description: 'longest wait for one call to the API before the page shows an error',
  }),
  WEB_FREE_TEXT_ORDERS: Type.Boolean({
    default: false,
    description:
      'offer customers a free-text order form besides the catalogue; the API takes free text only from staff ' +
      "and machine clients (a customer never sets its own price), so the form shows the API's refusal: keep it off",
  }),
  WEB_BULL_BOARD_URL: Type.String({
    default: 'http://localhost:3000/admin/queues',
    pattern: '^https?://',
    description: 'where operators open Bull Board (the API’s /admin/queues, as the browser reaches it)',
  }),
  WEB_GRAFANA_URL: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description: 'Grafana dashboard linked from the operator console; unset → no link',
    }),
  ),
  ...allowInsecureHttp,
});

export type WebConfig = Static<typeof webConfigSchema>;

export function loadWebConfig(env: Record<string, string | undefined> = process.env): WebConfig {
  const config = loadConfig(webConfigSchema, env);
  const problems = [
    ...secretProblems('WEB_SESSION_SECRET', config.WEB_SESSION_SECRET, config.NODE_ENV),
    ...secretProblems('WEB_OIDC_CLIENT_SECRET', config.WEB_OIDC_CLIENT_SECRET, config.NODE_ENV).filter(
      // A provider's client secret is the provider's to choose; only a placeholder is refused.
      (problem) => problem.includes('placeholder'),
    ),
    ...transportProblems('OIDC_ISSUER', config.OIDC_ISSUER, config),
  ];
  if (config.NODE_ENV === 'production' && config.WEB_OIDC_CLIENT_SECRET === 'sokoni-web-secret') {
    problems.push(
      'WEB_OIDC_CLIENT_SECRET is the development provider’s published secret: production needs its own',
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return config;
}

/** What the web app logs as a warning at every start while ALLOW_INSECURE_HTTP lets plain http through. */
export function insecureTransportWarnings(config: WebConfig): string[] {
  return insecureUrlWarnings({ OIDC_ISSUER: config.OIDC_ISSUER }, config);
}

// `node apps/web/src/config.ts` prints the variables the web app reads, with their defaults, as JSON:
// what the deployment checks hold .env.example, compose and the chart to.
if (import.meta.main) {
  console.log(JSON.stringify(describeEnvironment(webConfigSchema)));
}
