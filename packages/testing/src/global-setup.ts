import type { TestProject } from 'vitest/node';
import { createTemplateDatabase, dropDatabase, listTestDatabases } from './databases.ts';
import { spawnIdp } from './idp-process.ts';
import { spawnMailDev } from './maildev-process.ts';
import { provideServers } from './servers.ts';
import './provided-context.ts';

/**
 * Vitest global setup: PostgreSQL and Redis once per run, a migrated template database, the
 * development OpenID provider as a process (the command comes from the workspace's
 * vitest.config.ts), MailDev (the SMTP capture server) as a process, and their URLs to every
 * test file. When the run ends it fails if a test file left its database behind.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { idpCommand, idpCwd } = project.getProvidedContext();
  if (!idpCommand) {
    throw new Error('vitest.config.ts must provide `idpCommand`: how to run the development OpenID provider');
  }
  const servers = await provideServers();
  const template = await createTemplateDatabase(servers.databaseUrl);
  const idp = await spawnIdp({ command: idpCommand, ...(idpCwd ? { cwd: idpCwd } : {}) }).catch(
    async (error: unknown) => {
      await template.drop();
      await servers.stop();
      throw error;
    },
  );
  project.provide('databaseServerUrl', servers.databaseUrl);
  project.provide('templateDatabase', template.name);
  project.provide('redisUrl', servers.redisUrl);
  project.provide('idpIssuer', idp.issuer);
  project.provide('idpAudience', idp.audience);
  project.provide('idpDataDir', idp.dataDir);
  // One MailDev for the run: tests tell their e-mails apart by their own recipient addresses.
  const mailDev = await spawnMailDev().catch(async (error: unknown) => {
    await idp.close();
    await template.drop();
    await servers.stop();
    throw error;
  });
  project.provide('smtpPort', mailDev.smtpPort);
  project.provide('mailDevUrl', mailDev.url);

  return async () => {
    const leftovers = await listTestDatabases(servers.databaseUrl, template.name);
    await Promise.all(leftovers.map((name) => dropDatabase(servers.databaseUrl, name)));
    await mailDev.close();
    await idp.close();
    await template.drop();
    await servers.stop();
    if (leftovers.length > 0) {
      throw new Error(
        `${leftovers.length} test database(s) outlived their test file (dropped now): ${leftovers.join(', ')}. ` +
          'Whatever a test file creates must be undone when it ends: useTestEnvironment() and ' +
          'onFileFinished() of @sokoni/testing do that from anywhere in the file.',
      );
    }
  };
}
