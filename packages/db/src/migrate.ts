import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { createDb } from './client.ts';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_ID = 7_346_214;

/**
 * Applies the committed SQL migrations. Safe to start from several processes at once: the pool
 * has a single connection, so the session-level advisory lock below covers the whole run.
 */
export async function runMigrations(url: string): Promise<void> {
  // No statement timeout: building an index on a large table may take a while.
  const handle = createDb({ url, max: 1, applicationName: 'sokoni-migrate', statementTimeoutMs: 0 });
  try {
    await handle.pool.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(handle.db, { migrationsFolder });
    await handle.pool.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
  } finally {
    await handle.close();
  }
}

// `node packages/db/src/migrate.ts` (the Helm migration Job and bin/dev run this).
if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      'DATABASE_URL is required: PostgreSQL connection URL, e.g. postgres://user:pass@host:5432/sokoni',
    );
    process.exit(1);
  }
  await runMigrations(url);
  console.log('migrations applied');
}
