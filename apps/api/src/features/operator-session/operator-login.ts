import type { Scope } from '@sokoni/contracts';
import * as client from 'openid-client';

export interface OperatorLoginOptions {
  issuer: string;
  clientId: string;
  /** `<PUBLIC_URL>/admin/callback`, registered at the provider for the client. */
  redirectUri: string;
  /** Resource indicator (RFC 8707) of the API: the access token's audience. */
  resource: string;
  /** Longest wait for the provider (discovery, token endpoint). */
  timeoutMs: number;
}

/** What the browser keeps between the authorization request and the callback. */
export interface PendingLogin {
  state: string;
  codeVerifier: string;
}

/**
 * What operators do here: find failed SMS and resend them (Bull Board needs notifications:resend),
 * and act on the queue (its pause, empty, clean, retry… need queues:manage too). A provider that
 * does not grant queues:manage to a person leaves them the view only.
 */
const OPERATOR_SCOPES = [
  'notifications:read',
  'notifications:resend',
  'queues:manage',
] as const satisfies readonly Scope[];

/** The authorization request's `scope`: `openid` makes it a sign-in of a person. */
const OPERATOR_LOGIN_SCOPE = ['openid', ...OPERATOR_SCOPES].join(' ');

/** The provider could not be reached or answered nonsense: not the operator's fault. */
export class ProviderUnavailableError extends Error {
  constructor(options: { cause?: unknown } = {}) {
    super('the OpenID provider cannot be reached; try again shortly', options);
    this.name = 'ProviderUnavailableError';
  }
}

/**
 * The API as an OAuth2 public client of the operators' provider: authorization code with PKCE
 * (S256) and state, through openid-client. The discovery document is fetched on first use and
 * kept; a failure is retried by the next sign-in.
 */
export function createOperatorLogin(options: OperatorLoginOptions) {
  let configuration: Promise<client.Configuration> | undefined;

  function configure(): Promise<client.Configuration> {
    if (!configuration) {
      const issuer = new URL(options.issuer);
      configuration = client
        .discovery(issuer, options.clientId, undefined, client.None(), {
          // http issuers are for development (apps/idp on localhost); production issuers use https.
          execute: issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [],
          timeout: Math.ceil(options.timeoutMs / 1000),
        })
        .catch((error: unknown) => {
          configuration = undefined;
          throw new ProviderUnavailableError({ cause: error });
        });
    }
    return configuration;
  }

  return {
    /** A fresh authorization request: the URL to send the browser to, and what to keep until it returns. */
    async start(): Promise<{ url: URL; pending: PendingLogin }> {
      const config = await configure();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: OPERATOR_LOGIN_SCOPE,
        state,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        resource: options.resource,
      });
      return { url, pending: { state, codeVerifier } };
    },

    /**
     * Exchanges the code of the provider's redirect (`search`: the callback's query string) for
     * tokens. openid-client checks `state`, `iss` and the ID token; authorization errors surface
     * as `AuthorizationResponseError`, token endpoint errors as `ResponseBodyError`.
     */
    async finish(search: string, pending: PendingLogin): Promise<client.TokenEndpointResponse> {
      const config = await configure();
      // The redirect_uri of the token request is taken from this URL: it must be the registered
      // one, whatever host or proxy path the request came in through.
      const callbackUrl = new URL(options.redirectUri);
      callbackUrl.search = search;
      return client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        idTokenExpected: true,
      });
    },
  };
}

export type OperatorLogin = ReturnType<typeof createOperatorLogin>;
