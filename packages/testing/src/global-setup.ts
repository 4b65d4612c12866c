import type { TestProject } from 'vitest/node';
import { createTemplateDatabase } from './databases.ts';
import { provideServers } from './servers.ts';
import './provided-context.ts';

/** Vitest global setup: servers once per run, a migrated template database, URLs to every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers = await provideServers();
  const template = await createTemplateDatabase(servers.databaseUrl);
  project.provide('databaseServerUrl', servers.databaseUrl);
  project.provide('templateDatabase', template.name);
  project.provide('redisUrl', servers.redisUrl);
  return async () => {
    await template.drop();
    await servers.stop();
  };
}
