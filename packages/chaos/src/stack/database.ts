import { runMigrations } from '@sokoni/db/migrate';
import pg from 'pg';

const DATABASE = 'sokoni_chaos';

/** A fresh migrated database for the run on the chaos PostgreSQL (the last run's is dropped). */
export async function createChaosDatabase(serverUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${DATABASE}`;
  await runMigrations(url.toString());
  return url.toString();
}
