import * as client from 'openid-client';

export interface OidcClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `<WEB_PUBLIC_URL>/callback`, registered at the provider for the client. */
  redirectUri: string;
  /** Resource indicator (RFC 8707) of the API: the access tokens' audience. */
  resource: string;
  timeoutMs: number;
}

/** What the browser keeps (encrypted) between the authorization request and the callback. */
export interface PendingSignIn {
  state: string;
  codeVerifier: string;
  kind: 'customer' | 'operator';
  returnTo: string;
}

/**
 * What each sign-in asks for. A customer's: its own orders and the catalogue, with the profile,
 * e-mail and phone claims the first-sign-in page fills in. An operator's: the notifications and
 * their resends, and reading customers and orders to say whose a message is. The provider grants
 * no more than the person may hold (a customer signing in at the console gets no staff scope).
 */
const SCOPES = {
  customer: 'openid profile email phone orders:read orders:write catalog:read',
  operator: 'openid profile notifications:read notifications:resend customers:read orders:read',
} as const;

/** What creating the customer of a first sign-in needs, with the web app's own client credentials. */
const MACHINE_SCOPE = 'customers:write';

/** The provider could not be reached or answered nonsense: not the person's fault. */
export class ProviderUnavailableError extends Error {
  constructor(options: { cause?: unknown } = {}) {
    super('the sign-in service cannot be reached; try again shortly', options);
    this.name = 'ProviderUnavailableError';
  }
}

export interface SignedIn {
  sub: string;
  name: string;
  email?: string;
  phone?: string;
  accessToken: string;
  refreshToken?: string;
  accessTokenExpiresAt: number;
  scopes: ReadonlySet<string>;
}

function signedIn(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): SignedIn {
  const claims = tokens.claims();
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    sub: String(claims?.sub ?? ''),
    name: text(claims?.name) ?? text(claims?.preferred_username) ?? '',
    ...(text(claims?.email) ? { email: text(claims?.email) as string } : {}),
    ...(text(claims?.phone_number) ? { phone: text(claims?.phone_number) as string } : {}),
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    accessTokenExpiresAt: Math.floor(Date.now() / 1000) + (tokens.expiresIn() ?? 300),
    scopes: new Set((tokens.scope ?? '').split(' ').filter(Boolean)),
  };
}

/**
 * The web app as a confidential OAuth2 client (client_secret_basic) of the provider, through
 * openid-client: authorization code with PKCE (S256) and state for people, refresh of their
 * tokens, and client credentials for its own one call. Discovery is fetched on first use and
 * kept; a failure is retried by the next request.
 */
export function createOidcClient(options: OidcClientOptions) {
  let configuration: Promise<client.Configuration> | undefined;
  let machineToken: { value: string; expiresAt: number } | undefined;

  function configure(): Promise<client.Configuration> {
    if (!configuration) {
      const issuer = new URL(options.issuer);
      configuration = client
        .discovery(issuer, options.clientId, undefined, client.ClientSecretBasic(options.clientSecret), {
          // http issuers are for development (apps/idp); production refuses them (config.ts).
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
    async start(
      kind: PendingSignIn['kind'],
      returnTo: string,
    ): Promise<{ url: URL; pending: PendingSignIn }> {
      const config = await configure();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: SCOPES[kind],
        state,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        resource: options.resource,
      });
      return { url, pending: { state, codeVerifier, kind, returnTo } };
    },

    /** Exchanges the code of the provider's redirect (`search`: the callback's query string). */
    async finish(search: string, pending: PendingSignIn): Promise<SignedIn> {
      const config = await configure();
      const callbackUrl = new URL(options.redirectUri);
      callbackUrl.search = search;
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        idTokenExpected: true,
      });
      return signedIn(tokens);
    },

    /** New tokens for a session whose access token expired (the refresh token rotates). */
    async refresh(refreshToken: string): Promise<Omit<SignedIn, 'sub' | 'name' | 'email' | 'phone'>> {
      const config = await configure();
      const tokens = await client.refreshTokenGrant(config, refreshToken, { resource: options.resource });
      const { sub: _sub, name: _name, email: _email, phone: _phone, ...rest } = signedIn(tokens);
      return rest;
    },

    /** The web app's own token for creating a customer; kept until a minute before it expires. */
    async machineAccessToken(): Promise<string> {
      if (machineToken && machineToken.expiresAt - 60 > Date.now() / 1000) {
        return machineToken.value;
      }
      const config = await configure();
      const tokens = await client.clientCredentialsGrant(config, {
        scope: MACHINE_SCOPE,
        resource: options.resource,
      });
      machineToken = {
        value: tokens.access_token,
        expiresAt: Math.floor(Date.now() / 1000) + (tokens.expiresIn() ?? 300),
      };
      return machineToken.value;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
