import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface IdpKeys {
  /** Private signing keys: RS256 first (the default for ID and access tokens), then ES256. */
  jwks: { keys: JWK[] };
  /** Secrets that sign the provider's session and interaction cookies. */
  cookieKeys: string[];
}

const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;

async function generateSigningKey(alg: (typeof SIGNING_ALGORITHMS)[number]): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  // The kid is the RFC 7638 thumbprint, so a kid always names exactly one key.
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

async function generateKeys(): Promise<IdpKeys> {
  const keys = await Promise.all(SIGNING_ALGORITHMS.map(generateSigningKey));
  return { jwks: { keys }, cookieKeys: [randomBytes(32).toString('base64url')] };
}

/**
 * Writes `content` to `path` only if nothing is there yet, and atomically: two processes
 * starting at once both end up with whichever file landed first, never a torn one.
 */
async function writeOnce(path: string, content: string): Promise<boolean> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode: 0o600 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  } finally {
    await unlink(temporary);
  }
}

/**
 * The provider's keys from `dataDir/keys.json`, generated on first use and kept across
 * restarts, so tokens issued before a restart still verify against the JWKS after it.
 */
export async function loadOrCreateKeys(dataDir: string): Promise<IdpKeys> {
  const path = join(dataDir, 'keys.json');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    return parseKeys(await readFile(path, 'utf8'), path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const generated = await generateKeys();
  if (await writeOnce(path, `${JSON.stringify(generated, null, 2)}\n`)) {
    return generated;
  }
  return parseKeys(await readFile(path, 'utf8'), path);
}

function parseKeys(content: string, path: string): IdpKeys {
  const parsed = JSON.parse(content) as Partial<IdpKeys>;
  if (
    !Array.isArray(parsed.jwks?.keys) ||
    parsed.jwks.keys.length === 0 ||
    !Array.isArray(parsed.cookieKeys)
  ) {
    throw new Error(`${path} is not a key file of this provider; move it away to generate new keys`);
  }
  return { jwks: parsed.jwks, cookieKeys: parsed.cookieKeys };
}
