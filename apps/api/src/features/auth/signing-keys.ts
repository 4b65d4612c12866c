import { createPublicKey, type JsonWebKey } from 'node:crypto';
import buildGetJwks from 'get-jwks';
import { InvalidTokenError } from './auth.errors.ts';
import type { IssuerMetadataSource } from './issuer-metadata.ts';

export interface SigningKeysOptions {
  metadata: Pick<IssuerMetadataSource, 'get'>;
  /** JWS algorithms accepted; a token announcing another one is refused before any key is fetched. */
  algorithms: readonly string[];
  /** How long a fetched key is trusted before it is fetched again. */
  cacheTtlMs: number;
  /** After a fetch that failed or did not find the `kid`, unknown kids are refused without a fetch for this long. */
  cooldownMs: number;
  timeoutMs: number;
  now?: () => number;
}

export interface TokenHeader {
  alg?: unknown;
  kid?: unknown;
}

type JwksClient = ReturnType<typeof buildGetJwks>;
type Jwk = Awaited<ReturnType<JwksClient['getJwk']>>;

const MAX_REMEMBERED_KIDS = 1000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describeFailure(error: unknown): string {
  return (error as { code?: unknown }).code === 'JWK_NOT_FOUND'
    ? 'the token is signed with a key the issuer does not publish'
    : 'the token issuer’s signing keys cannot be fetched';
}

/**
 * The issuer's public keys, by `kid`, for @fastify/jwt. get-jwks fetches the JWKS (at the
 * discovered `jwks_uri`) and caches each key for `cacheTtlMs`; this adds what it lacks:
 *
 * - a cooldown: a `kid` nobody has seen (a forged or garbage token) costs at most one JWKS fetch
 *   per `cooldownMs`, and the fetches are made one at a time, so a burst cannot hammer the issuer;
 * - a key that was trusted before and whose cache entry expired is refetched without the
 *   cooldown, so an attacker's garbage cannot lock out rotated keys;
 * - fail closed: get-jwks would serve an expired key when a refetch fails; that stale copy is
 *   dropped first, so a key the issuer removed (revoked) stops working once its entry expires,
 *   and an unreachable issuer means 401 rather than trusting keys forever.
 */
export function createSigningKeys(options: SigningKeysOptions) {
  const now = options.now ?? Date.now;
  const accepted = new Set(options.algorithms);
  const trustedBefore = new Set<string>();
  const pems = new WeakMap<object, string>();
  let jwks: { client: JwksClient; domain: string } | undefined;
  let coolUntil = 0;
  let lookups: Promise<unknown> = Promise.resolve();

  function clientFor(jwksUri: string) {
    const url = new URL(jwksUri);
    const jwksPath = `${url.pathname}${url.search}`.replace(/^\//, '');
    if (!jwksPath) {
      throw new InvalidTokenError('the token issuer publishes no usable jwks_uri');
    }
    // get-jwks joins `domain` and `jwksPath`; the domain is also part of its cache key.
    return {
      client: buildGetJwks({ jwksPath, ttl: options.cacheTtlMs, max: 100 }),
      domain: `${url.origin}/`,
    };
  }

  /** One at a time, so that concurrent unknown kids see each other's cooldown. */
  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = lookups.then(work, work);
    lookups = result.catch(() => undefined);
    return result;
  }

  async function fetchKey(client: JwksClient, signature: { domain: string; alg: string; kid: string }) {
    const cacheKey = client.generateCacheKey(signature.alg, signature.kid, signature.domain);
    if (client.cache.get(cacheKey) !== undefined) {
      return withTimeout(client.getJwk(signature), options.timeoutMs);
    }
    const knownKid = trustedBefore.has(cacheKey);
    if (!knownKid && now() < coolUntil) {
      throw new InvalidTokenError('the token is signed with an unknown key');
    }
    client.staleCache.delete(cacheKey);
    try {
      const jwk = await withTimeout(client.getJwk(signature), options.timeoutMs);
      if (trustedBefore.size >= MAX_REMEMBERED_KIDS) {
        trustedBefore.clear();
      }
      trustedBefore.add(cacheKey);
      return jwk;
    } catch (error) {
      trustedBefore.delete(cacheKey);
      coolUntil = now() + options.cooldownMs;
      throw new InvalidTokenError(describeFailure(error), { cause: error });
    }
  }

  function toPem(jwk: Jwk): string {
    const known = pems.get(jwk);
    if (known) {
      return known;
    }
    if (jwk.use !== undefined && jwk.use !== 'sig') {
      throw new InvalidTokenError('the token is signed with a key that is not for signatures');
    }
    const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    pems.set(jwk, pem);
    return pem;
  }

  return {
    /** The PEM public key that should have signed a token with this header; throws InvalidTokenError. */
    async getPublicKey(header: TokenHeader): Promise<string> {
      const { alg, kid } = header;
      if (typeof alg !== 'string' || !accepted.has(alg)) {
        throw new InvalidTokenError(`the token algorithm ${String(alg)} is not accepted`);
      }
      if (typeof kid !== 'string' || kid.length === 0 || kid.length > 256) {
        throw new InvalidTokenError('the token has no usable key id (kid)');
      }
      const { jwksUri } = await options.metadata.get();
      jwks ??= clientFor(jwksUri);
      const { client, domain } = jwks;
      const signature = { domain, alg, kid };
      const cached = client.cache.get(client.generateCacheKey(alg, kid, domain)) !== undefined;
      try {
        const jwk = cached
          ? await withTimeout(client.getJwk(signature), options.timeoutMs)
          : await serialized(() => fetchKey(client, signature));
        return toPem(jwk);
      } catch (error) {
        if (error instanceof InvalidTokenError) {
          throw error;
        }
        throw new InvalidTokenError(describeFailure(error), { cause: error });
      }
    },
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
