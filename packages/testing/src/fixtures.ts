import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createTestDatabase } from './databases.ts';
import './provided-context.ts';

/**
 * Gives the calling test file its own migrated database (dropped after the file) and a
 * Redis key prefix of its own, so files can run in parallel without sharing state.
 */
export async function useTestEnvironment(): Promise<{
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
}> {
  const database = await createTestDatabase(inject('databaseServerUrl'), inject('templateDatabase'));
  afterAll(database.drop);
  return {
    databaseUrl: database.url,
    redisUrl: inject('redisUrl'),
    queuePrefix: `test-${randomBytes(4).toString('hex')}`,
  };
}
