import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServiceProcess, spawnService } from './spawn-service.ts';

/** What a test needs to know of an OpenID provider: where it is, and where its keys are. */
export interface TestIdp {
  issuer: string;
  /** Resource indicator its access tokens are issued for (their `aud`). */
  audience: string;
  /** Where it keeps its signing keys (`keys.json`), which tests read to sign tokens it could have. */
  dataDir: string;
}

export interface IdpProcess extends TestIdp {
  port: number;
  service: ServiceProcess;
  /** Stops the process and removes its data directory, unless that was given. */
  close: () => Promise<void>;
}

export interface SpawnIdpOptions {
  /** How to run the development provider (apps/idp): the workspace's vitest.config.ts says. */
  command: readonly [string, ...string[]];
  cwd?: string;
  /** Keys to use (and keep); by default a new temporary directory, removed by `close()`. */
  dataDir?: string;
  /** The issuer it announces; by default `http://127.0.0.1:<its port>`. */
  issuer?: string;
  audience?: string;
  accessTokenTtlSeconds?: number;
}

/**
 * Runs the development OpenID provider as its own process, as bin/dev and the container do,
 * and resolves once its discovery document answers.
 */
export async function spawnIdp(options: SpawnIdpOptions): Promise<IdpProcess> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sokoni-idp-')));
  const audience = options.audience ?? 'urn:sokoni:api';
  const removeOwnDataDir = async () => {
    if (ownDataDir) {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  try {
    const service = await spawnService({
      name: 'idp',
      command: options.command,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: (port) => ({
        NODE_ENV: 'test',
        IDP_DEVELOPMENT_MODE: 'true',
        LOG_LEVEL: 'warn',
        IDP_ISSUER: options.issuer ?? `http://127.0.0.1:${port}`,
        IDP_API_AUDIENCE: audience,
        IDP_DATA_DIR: dataDir,
        ...(options.accessTokenTtlSeconds === undefined
          ? {}
          : { IDP_ACCESS_TOKEN_TTL_SECONDS: String(options.accessTokenTtlSeconds) }),
      }),
      readyPath: '/.well-known/openid-configuration',
    });
    return {
      issuer: options.issuer ?? service.url,
      audience,
      dataDir,
      port: service.port,
      service,
      close: async () => {
        await service.stop();
        await removeOwnDataDir();
      },
    };
  } catch (error) {
    await removeOwnDataDir();
    throw error;
  }
}
