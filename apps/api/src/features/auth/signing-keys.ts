import {
  type CryptoKey,
  createRemoteJWKSet,
  customFetch,
  errors,
  exportSPKI,
  type FetchImplementation,
} from 'jose';
import { InvalidTokenError } from './auth.errors.ts';
import type { IssuerMetadataSource } from './issuer-metadata.ts';

export interface SigningKeysOptions {
  metadata: Pick<IssuerMetadataSource, 'get'>;
  /** JWS algorithms accepted; a token announcing another one is refused before any key is fetched. */
  algorithms: readonly string[];
  /** How long a fetched key set is trusted before it is fetched again (a removed key stops working after this). */
  cacheTtlMs: number;
  /** Least time between two fetches of the key set caused by unknown kids, and the wait after a failed fetch. */
  cooldownMs: number;
  /** Longest wait for the key set. */
  timeoutMs: number;
}

export interface TokenHeader {
  alg?: unknown;
  kid?: unknown;
  typ?: unknown;
}

type RemoteKeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * `fetch` for jose that does not ask the issuer again within `cooldownMs` of a failed fetch
 * (no answer, timeout, or anything but 200). jose's cooldown starts only at a successful fetch,
 * so without this every request would ask a provider that is down. Only the provider can make a
 * fetch fail, so a stream of forged tokens cannot hold this wait open.
 */
function fetchWithFailureCooldown(cooldownMs: number): FetchImplementation {
  let failedAt = Number.NEGATIVE_INFINITY;
  return async (url, init) => {
    if (Date.now() < failedAt + cooldownMs) {
      throw new Error(`the last fetch of ${url} failed less than ${cooldownMs} ms ago`);
    }
    try {
      const response = await fetch(url, init);
      if (response.status !== 200) {
        failedAt = Date.now();
      }
      return response;
    } catch (error) {
      failedAt = Date.now();
      throw error;
    }
  };
}

function describeFailure(error: unknown): string {
  if (error instanceof errors.JWKSNoMatchingKey) {
    return 'the token is signed with a key the issuer does not publish';
  }
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return 'the token’s key id names more than one key of the issuer';
  }
  return 'the token issuer’s signing keys cannot be fetched';
}

/**
 * The issuer's public keys, by `kid`, for @fastify/jwt. jose's remote key set fetches the whole
 * JWKS (at the discovered `jwks_uri`) and keeps it for `cacheTtlMs`:
 *
 * - a `kid` the set lacks refetches the whole set, at most once per `cooldownMs` after the last
 *   fetch, and concurrent lookups share one fetch, so forged tokens cannot hammer the issuer; as
 *   every refetch brings in every published key, a key the issuer rotated in is accepted within
 *   one cooldown however many unknown kids arrive meanwhile;
 * - fail closed: once the set is older than `cacheTtlMs` it is refetched before use, and a failed
 *   refetch means 401, so a key the issuer removed (revoked) stops working and an unreachable
 *   issuer is never answered with keys trusted for ever;
 * - only keys meant for signatures (`use` absent or `sig`) whose `alg` matches are chosen.
 */
export function createSigningKeys(options: SigningKeysOptions) {
  const accepted = new Set(options.algorithms);
  const pems = new WeakMap<object, string>();
  let keySet: RemoteKeySet | undefined;

  function keySetAt(jwksUri: string): RemoteKeySet {
    return createRemoteJWKSet(new URL(jwksUri), {
      cacheMaxAge: options.cacheTtlMs,
      cooldownDuration: options.cooldownMs,
      timeoutDuration: options.timeoutMs,
      [customFetch]: fetchWithFailureCooldown(options.cooldownMs),
    });
  }

  async function toPem(key: CryptoKey): Promise<string> {
    const known = pems.get(key);
    if (known) {
      return known;
    }
    const pem = await exportSPKI(key);
    pems.set(key, pem);
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
      try {
        keySet ??= keySetAt(jwksUri);
        return await toPem(await keySet({ alg, kid }));
      } catch (error) {
        throw new InvalidTokenError(describeFailure(error), { cause: error });
      }
    },
  };
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
