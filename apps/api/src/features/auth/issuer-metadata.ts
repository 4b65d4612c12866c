import * as client from 'openid-client';
import { InvalidTokenError } from './auth.errors.ts';

export interface IssuerMetadata {
  issuer: string;
  jwksUri: string;
  authorizationEndpoint: string | undefined;
  tokenEndpoint: string | undefined;
}

export interface IssuerMetadataOptions {
  issuer: string;
  /** Longest wait for the discovery document. */
  timeoutMs: number;
  /** After a failed discovery, requests do not ask the provider again for this long. */
  retryAfterMs: number;
  now?: () => number;
}

// The resource server never acts as a client; openid-client wants a client id for its Configuration.
const RESOURCE_SERVER_CLIENT_ID = 'sokoni-api';

/**
 * The issuer's OpenID Connect discovery document, fetched on first use and kept. The API starts
 * without it, so a provider that is briefly down at boot only fails the requests made meanwhile
 * (with 401); a failure is retried by a later request once `retryAfterMs` has passed.
 * openid-client checks that the document's `issuer` is exactly the configured one.
 */
export function createIssuerMetadata(options: IssuerMetadataOptions) {
  const now = options.now ?? Date.now;
  let discovered: IssuerMetadata | undefined;
  let inFlight: Promise<IssuerMetadata> | undefined;
  let retryAt = 0;

  async function discover(): Promise<IssuerMetadata> {
    const url = new URL(options.issuer);
    const configuration = await client.discovery(url, RESOURCE_SERVER_CLIENT_ID, undefined, undefined, {
      // http issuers are for development (apps/idp on localhost); production issuers use https.
      execute: url.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      timeout: Math.ceil(options.timeoutMs / 1000),
    });
    const metadata = configuration.serverMetadata();
    if (!metadata.jwks_uri) {
      throw new Error(`the discovery document of ${options.issuer} has no jwks_uri`);
    }
    return {
      issuer: metadata.issuer,
      jwksUri: metadata.jwks_uri,
      authorizationEndpoint: metadata.authorization_endpoint,
      tokenEndpoint: metadata.token_endpoint,
    };
  }

  return {
    /** The metadata if discovery already succeeded; never waits. */
    current: (): IssuerMetadata | undefined => discovered,

    /** The metadata, discovering it if needed; throws InvalidTokenError while the issuer is unreachable. */
    async get(): Promise<IssuerMetadata> {
      if (discovered) {
        return discovered;
      }
      if (!inFlight) {
        if (now() < retryAt) {
          throw new InvalidTokenError('the token issuer cannot be reached to verify the token');
        }
        inFlight = discover()
          .then((metadata) => {
            discovered = metadata;
            return metadata;
          })
          .catch((error: unknown) => {
            retryAt = now() + options.retryAfterMs;
            throw new InvalidTokenError('the token issuer cannot be reached to verify the token', {
              cause: error,
            });
          })
          .finally(() => {
            inFlight = undefined;
          });
      }
      return inFlight;
    },
  };
}

export type IssuerMetadataSource = ReturnType<typeof createIssuerMetadata>;
