import type { VerifyOptions } from '@fastify/jwt';
import type { FastifyRequest } from 'fastify';

/**
 * Verifies `token` with the API's one verifier (@fastify/jwt as the auth plugin configured it:
 * the issuer's keys, algorithms, `iss`, `aud`, `exp`, `nbf`), as if it had come in a bearer
 * header. Only where the token is read from changes; throws the same errors as `jwtVerify()`.
 */
export function verifyAccessToken(request: FastifyRequest, token: string): Promise<Record<string, unknown>> {
  // @fastify/jwt reads `extractToken` from the per-call options but its typings omit it.
  const options = { extractToken: () => token } as unknown as Partial<VerifyOptions>;
  return request.jwtVerify<Record<string, unknown>>(options);
}
