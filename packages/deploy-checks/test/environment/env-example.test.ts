import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appEnvironment } from '../support/app-environment.ts';
import { repoRoot } from '../support/helm.ts';

// .env.example is where operators of the compose stack learn what they can set: every variable
// the API, the worker and the web app read must be in it (set, or commented with its default).

const example = readFileSync(`${repoRoot}.env.example`, 'utf8');
const documented = new Set([...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
// Set by docker-compose.yml itself for each container, not by the user.
const setByCompose = new Set(['HOST', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'WEB_API_URL']);

describe('.env.example', () => {
  it.each(['api', 'worker', 'web'] as const)('documents every variable the %s reads', (app) => {
    const missing = appEnvironment(app)
      .map((variable) => variable.name)
      .filter((name) => !documented.has(name) && !setByCompose.has(name));
    expect(missing).toEqual([]);
  });
});
