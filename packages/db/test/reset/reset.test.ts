import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useTestEnvironment } from '@sokoni/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/client.ts';
import { runMigrations } from '../../src/migrate.ts';
import { resetDatabase } from '../../src/reset.ts';

const env = await useTestEnvironment();
const probe = createDb({ url: env.databaseUrl, max: 1 });
afterAll(() => probe.close());

const tableExists = async (name: string) =>
  (await probe.pool.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [name])).rows[0]
    ?.found !== null;

describe('resetDatabase', () => {
  it('drops every table and the migration record, so migrations run again from the start', async () => {
    expect(await tableExists('public.orders')).toBe(true);
    const dropped = await resetDatabase(env.databaseUrl);
    expect(dropped).toEqual(expect.arrayContaining(['drizzle', 'public']));
    expect(await tableExists('public.orders')).toBe(false);
    expect(await tableExists('drizzle.__drizzle_migrations')).toBe(false);

    await runMigrations(env.databaseUrl);
    expect(await tableExists('public.orders')).toBe(true);
  });

  it('refuses to run as a command with NODE_ENV=production', () => {
    const script = fileURLToPath(new URL('../../src/reset.ts', import.meta.url));
    const result = spawnSync(process.execPath, [script], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: env.databaseUrl, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('NODE_ENV=production');
  });
});
