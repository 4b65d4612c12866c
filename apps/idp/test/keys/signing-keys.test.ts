import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeys } from '../../src/keys.ts';
import { listenIdp } from '../../src/listen.ts';
import { postToken, useTempDir } from '../helper.ts';

describe('loadOrCreateKeys', () => {
  it('generates RS256 and ES256 keys once, private to the owner, and reads them back', async () => {
    const dir = join(await useTempDir(), 'nested', 'idp');
    const first = await loadOrCreateKeys(dir);
    expect(first.jwks.keys.map((key) => [key.alg, key.kty, key.use])).toEqual([
      ['RS256', 'RSA', 'sig'],
      ['ES256', 'EC', 'sig'],
    ]);
    expect(first.cookieKeys).toHaveLength(1);
    expect((await stat(join(dir, 'keys.json'))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateKeys(dir)).toEqual(first);
  });

  it('gives every concurrent starter the same keys', async () => {
    const dir = await useTempDir();
    const results = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateKeys(dir)));
    const kids = new Set(results.map((keys) => keys.jwks.keys[0]?.kid));
    expect(kids.size).toBe(1);
    expect(await loadOrCreateKeys(dir)).toEqual(results[0]);
  });

  it('refuses a file that is not its own', async () => {
    const dir = await useTempDir();
    await writeFile(join(dir, 'keys.json'), '{"keys":[]}');
    await expect(loadOrCreateKeys(dir)).rejects.toThrow(/is not a key file of this provider/);
  });
});

describe('restarts', () => {
  it('keeps the signing keys, so tokens issued before a restart still verify', async () => {
    const dataDir = await useTempDir();
    const before = await listenIdp({ host: '127.0.0.1', port: 0, dataDir, nodeEnv: 'test' });
    const { body } = await postToken(before, { grant_type: 'client_credentials', scope: 'orders:read' });
    const token = String(body.access_token);
    const jwksBefore = (await (await fetch(`${before.issuer}/jwks`)).json()) as JSONWebKeySet;
    await before.close();

    const after = await listenIdp({ host: '127.0.0.1', port: 0, dataDir, nodeEnv: 'test' });
    try {
      const jwksAfter = (await (await fetch(`${after.issuer}/jwks`)).json()) as JSONWebKeySet;
      expect(jwksAfter.keys.map((key) => key.kid)).toEqual(jwksBefore.keys.map((key) => key.kid));
      const { body: next } = await postToken(after, {
        grant_type: 'client_credentials',
        scope: 'orders:read',
      });
      expect(decodeProtectedHeader(String(next.access_token)).kid).toBe(decodeProtectedHeader(token).kid);
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwksAfter), { issuer: before.issuer });
      expect(payload.sub).toBe('sokoni-dev');
    } finally {
      await after.close();
    }
  });
});
