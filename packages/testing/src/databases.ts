import { randomBytes } from 'node:crypto';
import { runMigrations } from '@sokoni/db/migrate';
import pg from 'pg';

/** The migrated database that every test file clones; created once per test run. */
export const TEMPLATE_DATABASE = 'sokoni_test_template';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops and recreates the template database, then applies the migrations to it. */
export async function createTemplateDatabase(serverUrl: string): Promise<void> {
  await onAdmin(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  });
  await runMigrations(withDatabase(serverUrl, TEMPLATE_DATABASE));
}

export interface TestDatabase {
  url: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the template, so files run in parallel. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `sokoni_test_${randomBytes(6).toString('hex')}`;
  await onAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    url: withDatabase(serverUrl, name),
    drop: () =>
      onAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
        () => {},
      ),
  };
}
