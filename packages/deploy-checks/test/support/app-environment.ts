import { execFileSync } from 'node:child_process';
import type { EnvironmentVariable } from '@sokoni/config';
import { repoRoot } from './helm.ts';

export type AppName = 'api' | 'worker' | 'at-sim' | 'idp' | 'web';

/**
 * The variables an app reads, with its defaults, as the app itself prints them
 * (`node apps/<app>/src/config.ts`): the checks ask each app, as an operator would, instead of
 * importing its source.
 */
export function appEnvironment(app: AppName): EnvironmentVariable[] {
  const output = execFileSync(process.execPath, [`apps/${app}/src/config.ts`], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  return JSON.parse(output) as EnvironmentVariable[];
}
