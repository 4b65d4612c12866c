import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createDb, type DbHandle } from '@sokoni/db';
import {
  onFileFinished,
  type ServiceProcess,
  sharedIdp,
  startService,
  type TestEnvironment,
} from '@sokoni/testing';

/** The workspace root: the API runs from there, as in the container and under bin/dev. */
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface TestApi {
  service: ServiceProcess;
  url: string;
  /** The API's database (the test file's own clone), for staging rows and reading results. */
  db: DbHandle;
}

/**
 * The Sokoni API as its own process (the Dockerfile's command), over the test file's database
 * and Redis prefix, trusting the run's apps/idp: what the web app calls in these tests. No
 * worker runs, so notifications stay as the API or the test writes them. Killed when the file ends.
 */
export async function startTestApi(environment: TestEnvironment): Promise<TestApi> {
  const idp = sharedIdp();
  const service = await startService({
    name: 'api',
    command: [process.execPath, '--import', './apps/api/src/instrumentation.ts', 'apps/api/src/server.ts'],
    cwd: workspaceRoot,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: environment.databaseUrl,
      REDIS_URL: environment.redisUrl,
      QUEUE_PREFIX: environment.queuePrefix,
      AT_WEBHOOK_SECRET: `test-webhook-${randomBytes(12).toString('hex')}`,
      ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.audience,
    },
    readyPath: '/readyz',
  });
  const db = createDb({ url: environment.databaseUrl, max: 2 });
  onFileFinished(() => db.close());
  return { service, url: service.url, db };
}
