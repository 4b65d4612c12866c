import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = resolve(import.meta.dirname, '..');
const committed = join(packageDir, 'generated');
const fresh = await mkdtemp(join(tmpdir(), 'sokoni-api-client-'));
afterAll(() => rm(fresh, { recursive: true, force: true }));
// The API as the routes declare it now: its document, and the types made of it.
await run(process.execPath, [join(packageDir, 'scripts/generate.ts'), fresh]);

describe('the generated client', () => {
  it.each(['openapi.json', 'schema.d.ts'])('%s is up to date with the routes', async (file) => {
    const [now, kept] = await Promise.all([
      readFile(join(fresh, file), 'utf8'),
      readFile(join(committed, file), 'utf8'),
    ]);
    expect(
      now === kept,
      `packages/api-client/generated/${file} is out of date: run pnpm api-client:generate`,
    ).toBe(true);
  });

  it('is generated from a document that Redocly’s recommended rules find nothing wrong with', async () => {
    const redocly = join(packageDir, 'node_modules/.bin/redocly');
    const config = resolve(packageDir, '../../redocly.yaml');
    const result = await run(
      redocly,
      ['lint', join(fresh, 'openapi.json'), '--config', config, '--format', 'json'],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string }) => error);
    const report = JSON.parse(result.stdout ?? '{}') as {
      totals?: { errors: number; warnings: number };
      problems?: Array<{ ruleId: string; message: string; location?: Array<{ pointer?: string }> }>;
    };
    const problems = (report.problems ?? []).map(
      (problem) => `${problem.ruleId} at ${problem.location?.[0]?.pointer ?? '?'}: ${problem.message}`,
    );
    expect(report.totals, result.stderr).toBeDefined();
    expect(problems).toEqual([]);
  });
});
