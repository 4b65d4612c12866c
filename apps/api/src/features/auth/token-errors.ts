import { InvalidTokenError } from './auth.errors.ts';

export type TokenRejection =
  | { kind: 'missing' }
  | { kind: 'invalid'; description: string; expected: boolean };

const INVALID_PREFIX = 'Authorization token is invalid: ';

/**
 * What a failed `request.jwtVerify()` means for the client. @fastify/jwt and fast-jwt report
 * with codes; the signing-key source with InvalidTokenError. Anything else is unexpected
 * (`expected: false`, worth a warning in the log) but still only means the token is not
 * trusted: a request never gets a 500 because its token could not be checked.
 */
export function tokenRejection(error: unknown): TokenRejection {
  if (error instanceof InvalidTokenError) {
    return { kind: 'invalid', description: error.message, expected: true };
  }
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  switch (code) {
    case 'FST_JWT_NO_AUTHORIZATION_IN_HEADER':
      return { kind: 'missing' };
    case 'FST_JWT_BAD_REQUEST':
      return {
        kind: 'invalid',
        description: 'the Authorization header must be: Bearer <token>',
        expected: true,
      };
    case 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED':
      return { kind: 'invalid', description: 'the token has expired', expected: true };
    case 'FAST_JWT_MISSING_SIGNATURE':
      return { kind: 'invalid', description: 'the token is not signed', expected: true };
    case 'FST_JWT_AUTHORIZATION_TOKEN_INVALID':
      return {
        kind: 'invalid',
        description: text.startsWith(INVALID_PREFIX)
          ? text.slice(INVALID_PREFIX.length)
          : 'the token is not valid',
        expected: true,
      };
    default:
      if (typeof code === 'string' && code.startsWith('FAST_JWT_')) {
        return { kind: 'invalid', description: text || 'the token is not valid', expected: true };
      }
      return { kind: 'invalid', description: 'the token cannot be verified', expected: false };
  }
}
