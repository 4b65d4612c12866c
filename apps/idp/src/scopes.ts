/**
 * The scopes of the Sokoni API (the resource server `urn:sokoni:api` by default). Staff scopes
 * let a token see every customer; customer scopes alone restrict a token to its own `sub`.
 */
export const API_SCOPES = [
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'notifications:read',
  'notifications:resend',
] as const;

/** OpenID Connect scopes for interactive logins (ID token, profile claims, refresh tokens). */
export const OIDC_SCOPES = ['openid', 'profile', 'offline_access'] as const;

/** What a customer may ever hold: their own orders, plus the OIDC scopes of a login. */
export const CUSTOMER_SCOPES = [...OIDC_SCOPES, 'orders:read', 'orders:write'] as const;

/** Everything an operator may hold. */
export const OPERATOR_SCOPES = [...OIDC_SCOPES, ...API_SCOPES] as const;
