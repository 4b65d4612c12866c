import { createDb } from './client.ts';

/**
 * Empties a development database: drops every schema in it (the tables, the pg_trgm extension,
 * drizzle's record of applied migrations) and leaves an empty `public`, so `migrate.ts` and
 * `seed.ts` start again from nothing. `bin/dev reset` runs it. Returns the schemas dropped.
 */
export async function resetDatabase(url: string): Promise<string[]> {
  const handle = createDb({ url, max: 1, applicationName: 'sokoni-reset', statementTimeoutMs: 0 });
  try {
    const { rows } = await handle.pool.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'
        ORDER BY nspname`,
    );
    const schemas = rows.map((row) => row.name);
    const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
    // One transaction: a reset that fails half-way leaves the database as it was.
    await handle.pool.query(
      [
        'BEGIN',
        ...schemas.map((name) => `DROP SCHEMA ${quoted(name)} CASCADE`),
        'CREATE SCHEMA public',
        'COMMIT',
      ].join(';\n'),
    );
    return schemas;
  } finally {
    await handle.close();
  }
}

// `node packages/db/src/reset.ts` (bin/dev reset runs it, then migrate.ts and seed.ts).
if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required: the development database to empty');
    process.exit(1);
  }
  if (process.env.NODE_ENV === 'production') {
    console.error('refusing to empty a database with NODE_ENV=production');
    process.exit(1);
  }
  const dropped = await resetDatabase(url);
  console.log(`database emptied (schemas dropped: ${dropped.join(', ') || 'none'})`);
}
