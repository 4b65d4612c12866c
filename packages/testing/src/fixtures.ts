import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { createTestDatabase } from './databases.ts';
import { onFileFinished } from './file-teardown.ts';
import { type IdpProcess, type SpawnIdpOptions, spawnIdp, type TestIdp } from './idp-process.ts';
import { startLoopbackFront } from './loopback-front.ts';
import { type RedisServer, spawnRedisServer } from './redis-server.ts';
import { type ServiceOptions, type ServiceProcess, spawnService } from './spawn-service.ts';
import './provided-context.ts';

export interface TestEnvironment {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** Drops the database now rather than when the file ends (dropping twice is harmless). */
  dispose: () => Promise<void>;
}

/**
 * Gives the calling test file its own migrated database (dropped when the file ends) and a
 * Redis key prefix of its own, so files can run in parallel without sharing state. May be
 * called from anywhere in the file: the top level, a hook or a test.
 */
export async function useTestEnvironment(): Promise<TestEnvironment> {
  const database = await createTestDatabase(inject('databaseServerUrl'), inject('templateDatabase'));
  onFileFinished(database.drop);
  return {
    databaseUrl: database.url,
    redisUrl: inject('redisUrl'),
    queuePrefix: `test-${randomBytes(4).toString('hex')}`,
    dispose: database.drop,
  };
}

/** `spawnService` for a test file: the process is killed when the file ends, if it still runs. */
export async function startService(options: ServiceOptions): Promise<ServiceProcess> {
  const service = await spawnService(options);
  onFileFinished(() => service.stop(0));
  return service;
}

/** The development OpenID provider every test file of the run shares (started by the global setup). */
export function sharedIdp(): TestIdp {
  return { issuer: inject('idpIssuer'), audience: inject('idpAudience'), dataDir: inject('idpDataDir') };
}

/** `spawnRedisServer` for a test file: killed when the file ends. */
export async function startRedisServer(): Promise<RedisServer> {
  const redis = await spawnRedisServer();
  onFileFinished(redis.stop);
  return redis;
}

/**
 * Another development OpenID provider, as a process of its own (stopped when the file ends):
 * with the keys of another (`dataDir`), announcing a given issuer URL, or with keys of its own.
 */
export async function startIdp(options: Omit<SpawnIdpOptions, 'command' | 'cwd'> = {}): Promise<IdpProcess> {
  const idp = await spawnIdp({ ...options, command: inject('idpCommand'), cwd: inject('idpCwd') });
  onFileFinished(idp.close);
  return idp;
}

export interface IdpBehindFront extends IdpProcess {
  /**
   * The front's HTTP server, which answers at the issuer URL: replace its `request` listeners to
   * take the provider down, or to put a rotated one (`startIdp({ issuer })`, `proxyTo`) in its place.
   */
  server: Server;
}

/**
 * A provider process of the test's own, reached through a loopback front in the test process
 * whose address is the issuer: what a test uses to make the provider fail or rotate its keys
 * while the issuer URL its clients trust stays the same. Both end when the file does.
 */
export async function startIdpBehindFront(
  options: Omit<SpawnIdpOptions, 'command' | 'cwd' | 'issuer'> = {},
): Promise<IdpBehindFront> {
  const front = await startLoopbackFront();
  onFileFinished(front.close);
  const idp = await startIdp({ ...options, issuer: front.url });
  front.forwardTo(idp.service.url);
  return {
    ...idp,
    server: front.server,
    close: async () => {
      await idp.close();
      await front.close();
    },
  };
}
