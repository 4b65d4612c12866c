import type { Scope } from '@sokoni/contracts';
import { isProtectedPath, type RouteAccessConfig, routeAccess } from './route-access.ts';

/** Every scope of the API, as the OpenAPI document and Swagger UI show them (a new scope fails tsc here). */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'customers:read': 'read customers (staff)',
  'customers:write': 'create, change and delete customers (staff)',
  'orders:read': 'read orders (a customer: only its own, and its own record and SMS)',
  'orders:write':
    'place and change orders (a customer: only its own, and its own name, phone, e-mail and language)',
  'notifications:read': 'read the SMS sent and owed (staff)',
  'notifications:resend': 'resend an SMS (operators)',
  'queues:manage': 'pause, empty, clean, retry and promote in the queue view, Bull Board (operators)',
  'catalog:read': 'read categories, products and average prices (customers too)',
  'catalog:write': 'create, change and delete categories and products (staff)',
  'analytics:read': 'read statistics and analytics of customers and orders (staff)',
};

export interface OAuthEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
}

/**
 * Where to send users and clients for tokens: the issuer's discovered endpoints, or, before
 * discovery has answered, oidc-provider's paths (`/auth`, `/token`, those of apps/idp).
 */
export function oauthEndpoints(
  issuer: string,
  discovered: { authorizationEndpoint?: string | undefined; tokenEndpoint?: string | undefined } | undefined,
): OAuthEndpoints {
  const base = issuer.replace(/\/$/, '');
  return {
    authorizationUrl: discovered?.authorizationEndpoint ?? `${base}/auth`,
    tokenUrl: discovered?.tokenEndpoint ?? `${base}/token`,
  };
}

/** `components.securitySchemes`: OAuth2 (client credentials, authorization code) and a plain bearer JWT. */
export function securitySchemes(endpoints: OAuthEndpoints) {
  return {
    oauth2: {
      type: 'oauth2' as const,
      description:
        'Access tokens from the OpenID Connect provider; each operation lists the scopes it needs.',
      flows: {
        clientCredentials: { tokenUrl: endpoints.tokenUrl, scopes: SCOPE_DESCRIPTIONS },
        authorizationCode: {
          authorizationUrl: endpoints.authorizationUrl,
          tokenUrl: endpoints.tokenUrl,
          scopes: SCOPE_DESCRIPTIONS,
        },
      },
    },
    bearerAuth: {
      type: 'http' as const,
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'An access token obtained elsewhere, pasted as is.',
    },
  };
}

/**
 * The `security` of one operation, from the same route config the auth hook enforces:
 * the route's scopes under OAuth2 (or its ownScopes, for a customer's own token), or a bearer token; `[]` for a public route under /v1;
 * nothing (no requirement) outside /v1 and /admin.
 */
export function operationSecurity(
  url: string,
  config: RouteAccessConfig | undefined,
): Array<Record<string, string[]>> | undefined {
  if (!isProtectedPath(url)) {
    return undefined;
  }
  const access = routeAccess(url, config);
  if (access.kind === 'public') {
    return [];
  }
  // Alternatives: a customer's own token may come with the route's ownScopes instead.
  const own = access.ownScopes ? [{ oauth2: [...access.ownScopes] }] : [];
  return [{ oauth2: [...access.scopes] }, ...own, { bearerAuth: [] }];
}
