import { InvalidTokenError } from './auth.errors.ts';

/**
 * RFC 9068 §2.1 and §4: a JWT access token carries `typ: at+jwt` (the media type
 * `application/at+jwt` spelt short or in full, in any case, RFC 7515 §4.1.9), so that another JWT
 * the provider signs, an ID token above all, cannot be presented as an access token. Providers that
 * follow RFC 9068 send it (apps/idp, Keycloak ≥ 25 optionally, Auth0 with its RFC 9068 profile);
 * others (Entra ID, Auth0's default profile) send `JWT`, so the check is off unless asked for.
 */
export function requireAccessTokenType(header: { typ?: unknown }): void {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase() : undefined;
  if (typ !== 'at+jwt' && typ !== 'application/at+jwt') {
    throw new InvalidTokenError('the token is not a JWT access token: its typ must be at+jwt');
  }
}
