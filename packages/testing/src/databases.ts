import { randomBytes } from 'node:crypto';
import { runMigrations } from '@sokoni/db/migrate';
import pg from 'pg';

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

/**
 * Creates the migrated database that every test file of one run clones. Its name is new for
 * each run, so runs sharing a server (two terminals, CI and a developer) never collide.
 */
export async function createTemplateDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `sokoni_template_${randomBytes(6).toString('hex')}`;
  await onAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  await runMigrations(withDatabase(serverUrl, name));
  return { url: withDatabase(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}

function dropDatabase(serverUrl: string, name: string): Promise<void> {
  return onAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(
    () => {},
  );
}

export interface TestDatabase {
  url: string;
  name: string;
  drop: () => Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the template, so files run in parallel. */
export async function createTestDatabase(serverUrl: string, template: string): Promise<TestDatabase> {
  const name = `sokoni_test_${randomBytes(6).toString('hex')}`;
  await onAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return { url: withDatabase(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}
