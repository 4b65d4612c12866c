import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IdpOptions, listenIdp, type RunningIdp } from '@sokoni/idp';

export interface StartIdpOptions extends Partial<Omit<IdpOptions, 'issuer' | 'nodeEnv'>> {}

export interface TestIdp extends RunningIdp {
  /** Resource indicator the access tokens are issued for (their `aud`). */
  audience: string;
  /** Where the signing keys are kept; a temporary directory unless `dataDir` was given. */
  dataDir: string;
}

/**
 * Starts apps/idp in this process on 127.0.0.1 and an ephemeral port; the issuer is
 * `http://127.0.0.1:<port>`. Keys go to a fresh temporary directory (removed by `close()`)
 * unless `dataDir` is given, which is how a test restarts a provider with the same keys.
 */
export async function startIdp(options: StartIdpOptions = {}): Promise<TestIdp> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sokoni-idp-')));
  const audience = options.audience ?? 'urn:sokoni:api';
  try {
    const idp = await listenIdp({
      ...options,
      host: '127.0.0.1',
      port: 0,
      dataDir,
      audience,
      nodeEnv: 'test',
    });
    return {
      ...idp,
      audience,
      dataDir,
      close: async () => {
        await idp.close();
        if (ownDataDir) {
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (ownDataDir) {
      await rm(dataDir, { recursive: true, force: true });
    }
    throw error;
  }
}
