// The API's scopes are @sokoni/contracts' (the one list the API enforces). They are imported by
// subpath: the package's root also loads the queue client, which a provider has no use for.
import { API_SCOPES, CUSTOMER_SCOPES, type Scope } from '@sokoni/contracts/scopes';

/**
 * OpenID Connect scopes for interactive logins (ID token, profile, e-mail and phone claims,
 * refresh tokens). The web app's first-sign-in profile page reads name, e-mail and phone from them.
 */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'] as const;

/** A scope this provider grants: one of the API's, or one of OpenID Connect's. */
export type GrantableScope = Scope | (typeof OIDC_SCOPES)[number];

/** What a customer's login may ever hold: its own orders and the catalogue, plus the OIDC scopes of a login. */
export const CUSTOMER_LOGIN_SCOPES = [...OIDC_SCOPES, ...CUSTOMER_SCOPES] as const;

/** What an operator's login may ever hold: every scope. */
export const OPERATOR_LOGIN_SCOPES = [...OIDC_SCOPES, ...API_SCOPES] as const;
