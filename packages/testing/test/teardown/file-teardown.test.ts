import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const fixtureDir = fileURLToPath(new URL('../fixtures/teardown/', import.meta.url));
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

it('runs teardowns registered from a hook and from a failing test when the file ends, last first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sokoni-teardown-'));
  try {
    const record = join(dir, 'ran.json');
    // A vitest of its own, so this file sees what happens after the other file has ended.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
    );
    const run = spawnSync(process.execPath, [vitestBin, 'run', '--root', fixtureDir], {
      env: { ...env, TEARDOWN_RECORD: record },
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toContain('this test fails on purpose');
    expect(JSON.parse(await readFile(record, 'utf8'))).toEqual([
      'registered in a test',
      'registered in beforeAll',
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
