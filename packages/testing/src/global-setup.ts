import type { TestProject } from 'vitest/node';
import { createTemplateDatabase } from './databases.ts';
import { provideServers } from './servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    redisUrl: string;
  }
}

/** Vitest global setup: servers once per run, a migrated template database, URLs to every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await provideServers();
  await createTemplateDatabase(servers.databaseUrl);
  project.provide('databaseServerUrl', servers.databaseUrl);
  project.provide('redisUrl', servers.redisUrl);
  return servers.stop;
}
