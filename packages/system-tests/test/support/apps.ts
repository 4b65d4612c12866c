import { fileURLToPath } from 'node:url';
import { type ServiceProcess, startService } from '@sokoni/testing';

/** The workspace root: the apps run from there, as in the container and under bin/dev. */
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

// The commands of the Dockerfile and bin/dev, and the path that answers once each can work.
const apps = {
  api: {
    entryPoint: 'apps/api/src/server.ts',
    imports: ['./apps/api/src/instrumentation.ts'],
    readyPath: '/readyz',
  },
  worker: {
    entryPoint: 'apps/worker/src/main.ts',
    imports: ['./apps/worker/src/instrumentation.ts'],
    readyPath: '/healthz',
  },
  'at-sim': { entryPoint: 'apps/at-sim/src/server.ts', imports: [], readyPath: '/healthz' },
} as const;

export type AppName = keyof typeof apps;

/**
 * Runs one app as its own process on a free loopback port with exactly `env`, and resolves once
 * it answers; it is killed when the test file ends, if the test has not stopped it.
 */
export function startApp(app: AppName, env: Record<string, string>): Promise<ServiceProcess> {
  return startService({
    name: app,
    command: [
      process.execPath,
      ...apps[app].imports.flatMap((path) => ['--import', path]),
      apps[app].entryPoint,
    ],
    cwd: workspaceRoot,
    env,
    readyPath: apps[app].readyPath,
  });
}
