import { randomBytes } from 'node:crypto';
import { runMigrations } from '@sokoni/db/migrate';
import pg from 'pg';

const TEMPLATE_PREFIX = 'sokoni_template_';

export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

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

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * Creates the migrated database that every test file of one run clones. Its name is new for
 * each run, so runs sharing a server (two terminals, CI and a developer) never collide.
 */
export async function createTemplateDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `${TEMPLATE_PREFIX}${randomBytes(6).toString('hex')}`;
  await onAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  await runMigrations(withDatabase(serverUrl, name));
  return { url: withDatabase(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}

// A clone is named after its template (`sokoni_test_<run>_<clone>`), so a run can find the
// clones it left behind without touching those of another run on the same server.
function clonePrefix(template: string): string {
  if (!template.startsWith(TEMPLATE_PREFIX)) {
    throw new Error(`${template} is not the template database of a test run`);
  }
  return `sokoni_test_${template.slice(TEMPLATE_PREFIX.length)}_`;
}

/** A fresh, migrated database for one test file: a clone of the template, so files run in parallel. */
export async function createTestDatabase(serverUrl: string, template: string): Promise<TestDatabase> {
  const name = `${clonePrefix(template)}${randomBytes(6).toString('hex')}`;
  await onAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { url: withDatabase(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}

/** The clones of `template` that still exist: every test file should have dropped its own. */
export async function listTestDatabases(serverUrl: string, template: string): Promise<string[]> {
  const { rows } = await onAdmin(serverUrl, (client) =>
    client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
      [clonePrefix(template)],
    ),
  );
  return rows.map((row) => row.datname);
}
