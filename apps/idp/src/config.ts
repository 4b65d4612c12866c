import { fileURLToPath } from 'node:url';
import { ConfigError, describeEnvironment, fragments, loadConfig } from '@sokoni/config';
import { type Static, Type } from 'typebox';

// Signing keys live outside the source tree (`.data/` is git-ignored) so they survive restarts
// and are never committed.
const defaultDataDir = fileURLToPath(new URL('../../../.data/idp', import.meta.url));

export const idpConfigSchema = Type.Object({
  ...fragments.nodeEnv,
  IDP_DEVELOPMENT_MODE: Type.Boolean({
    default: false,
    description:
      'must be true for the provider to start: the explicit acknowledgement that its clients and users have ' +
      'published secrets, so it runs for development and tests only (bin/dev, the tests, compose --profile dev, ' +
      'the chart with dev.enabled)',
  }),
  ...fragments.logging,
  ...fragments.http(3001),
  IDP_ISSUER: Type.String({
    default: 'http://localhost:3001',
    pattern: '^https?://',
    description: 'issuer URL the provider announces; clients and the API must reach it at this address',
  }),
  IDP_API_AUDIENCE: Type.String({
    default: 'urn:sokoni:api',
    minLength: 1,
    description: 'resource indicator of the Sokoni API; the `aud` of the access tokens (API: OIDC_AUDIENCE)',
  }),
  IDP_DATA_DIR: Type.String({
    default: defaultDataDir,
    minLength: 1,
    description: 'directory where the signing keys (JWKS) and cookie keys are generated once and kept',
  }),
  IDP_ACCESS_TOKEN_TTL_SECONDS: Type.Integer({
    minimum: 60,
    maximum: 86_400,
    default: 3600,
    description: 'lifetime of access tokens, in seconds',
  }),
});

export type IdpConfig = Static<typeof idpConfigSchema>;

export function loadIdpConfig(env: Record<string, string | undefined> = process.env): IdpConfig {
  const config = loadConfig(idpConfigSchema, env);
  // NODE_ENV alone is no guard: a deployment that forgets it, or sets it for the idp's container
  // only, would serve tokens with every staff scope to whoever knows the published secret.
  if (!config.IDP_DEVELOPMENT_MODE) {
    throw new ConfigError([
      'IDP_DEVELOPMENT_MODE=true is required: apps/idp is a development and test OpenID provider whose ' +
        'machine client (sokoni-dev / sokoni-dev-secret) and demo users have published secrets; ' +
        'never run it where anything real trusts it',
    ]);
  }
  return config;
}

// `node apps/idp/src/config.ts` prints the variables the provider reads, with their defaults, as JSON:
// what the deployment checks hold .env.example, compose and the chart to, without importing the provider.
if (import.meta.main) {
  console.log(JSON.stringify(describeEnvironment(idpConfigSchema)));
}
