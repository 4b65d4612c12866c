import * as client from 'openid-client';
import { CookieJar } from 'tough-cookie';
import { fetch, type RequestInit } from 'undici';

export interface TokenSet {
  accessToken: string;
  tokenType: string;
  expiresIn: number | undefined;
  scope: string | undefined;
  refreshToken: string | undefined;
  idToken: string | undefined;
}

function toTokenSet(response: client.TokenEndpointResponse): TokenSet {
  return {
    accessToken: response.access_token,
    tokenType: response.token_type,
    expiresIn: response.expires_in,
    scope: response.scope,
    refreshToken: response.refresh_token,
    idToken: response.id_token,
  };
}

// Test issuers are plain http on loopback; openid-client refuses that unless told.
function discover(issuer: string, clientId: string, auth: client.ClientAuth): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, undefined, auth, {
    execute: [client.allowInsecureRequests],
  });
}

export interface ClientCredentialsOptions {
  issuer: string;
  /** Default `sokoni-dev`. */
  clientId?: string;
  /** Default `sokoni-dev-secret`. */
  clientSecret?: string;
  /** Space-separated scopes. */
  scope?: string;
  /** Resource indicator; the provider defaults to the API when omitted. */
  resource?: string;
}

/** A client-credentials access token, fetched over HTTP from the issuer's token endpoint. */
export async function getClientCredentialsToken(options: ClientCredentialsOptions): Promise<TokenSet> {
  const config = await discover(
    options.issuer,
    options.clientId ?? 'sokoni-dev',
    client.ClientSecretBasic(options.clientSecret ?? 'sokoni-dev-secret'),
  );
  const parameters: Record<string, string> = {};
  if (options.scope !== undefined) {
    parameters.scope = options.scope;
  }
  if (options.resource !== undefined) {
    parameters.resource = options.resource;
  }
  return toTokenSet(await client.clientCredentialsGrant(config, parameters));
}

export interface AuthorizationCodeLoginOptions {
  issuer: string;
  clientId: string;
  username: string;
  password: string;
  /** Default `openid offline_access`. */
  scope?: string;
  /** Default `http://127.0.0.1/callback` (registered for the interactive development clients). */
  redirectUri?: string;
  resource?: string;
}

/** Thrown when the scripted login cannot go on; `status` and `body` are the last response's. */
export class LoginFlowError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(message: string, status: number, body: string) {
    super(message);
    this.name = 'LoginFlowError';
    this.status = status;
    this.body = body;
  }
}

const MAX_HOPS = 20;

/**
 * Signs a demo user in the way a browser would, over real HTTP: authorization request with
 * PKCE (S256) and state, redirects followed with cookies kept, the login form read and
 * posted, then the code exchanged at the token endpoint. Authorization errors (for example
 * `invalid_scope`) surface as openid-client's `AuthorizationResponseError`.
 */
export async function loginWithAuthorizationCode(options: AuthorizationCodeLoginOptions): Promise<TokenSet> {
  const config = await discover(options.issuer, options.clientId, client.None());
  const redirectUri = options.redirectUri ?? 'http://127.0.0.1/callback';
  const scope = options.scope ?? 'openid offline_access';
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  };
  if (options.resource !== undefined) {
    parameters.resource = options.resource;
  }

  const jar = new CookieJar();
  const callback = new URL(redirectUri);
  let url = client.buildAuthorizationUrl(config, parameters);
  let init: RequestInit = { method: 'GET' };
  let loginPosted = false;
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: await jar.getCookieString(url.toString()),
      },
    });
    for (const setCookie of response.headers.getSetCookie()) {
      await jar.setCookie(setCookie, url.toString());
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, url);
      if (next.origin === callback.origin && next.pathname === callback.pathname) {
        const tokens = await client.authorizationCodeGrant(config, next, {
          pkceCodeVerifier: codeVerifier,
          expectedState: state,
          idTokenExpected: scope.split(' ').includes('openid'),
        });
        return toTokenSet(tokens);
      }
      url = next;
      init = { method: 'GET' };
      continue;
    }
    const body = await response.text();
    const action = /<form[^>]*\baction="([^"]+)"/i.exec(body)?.[1];
    if (response.status !== 200 || !action || loginPosted) {
      throw new LoginFlowError(
        `sign-in stopped at ${url.pathname} with HTTP ${response.status}`,
        response.status,
        body,
      );
    }
    loginPosted = true;
    url = new URL(action.replaceAll('&amp;', '&'), url);
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: options.username, password: options.password }).toString(),
    };
  }
  throw new LoginFlowError(`sign-in did not finish after ${MAX_HOPS} redirects`, 0, '');
}

export interface RefreshOptions {
  issuer: string;
  clientId: string;
  refreshToken: string;
  /** Only for confidential clients. */
  clientSecret?: string;
}

/** Exchanges a refresh token for a new token set (refresh tokens of public clients rotate). */
export async function refreshAccessToken(options: RefreshOptions): Promise<TokenSet> {
  const auth = options.clientSecret ? client.ClientSecretBasic(options.clientSecret) : client.None();
  const config = await discover(options.issuer, options.clientId, auth);
  return toTokenSet(await client.refreshTokenGrant(config, options.refreshToken));
}
