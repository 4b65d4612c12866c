/**
 * A bearer token that cannot be trusted: missing key, unreachable issuer, bad signature or claims.
 * The description goes to the client in `WWW-Authenticate` (RFC 6750 `error_description`), so it
 * names what is wrong with the token and never anything about the server.
 */
export class InvalidTokenError extends Error {
  constructor(description: string, options: { cause?: unknown } = {}) {
    super(description, options);
    this.name = 'InvalidTokenError';
  }
}
