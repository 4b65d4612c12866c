import { runMigrations } from '@sokoni/db/migrate';
import pg from 'pg';

const PREFIX = 'sokoni_bench_';

function urlOf(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The run's databases on the bench's PostgreSQL: one migrated template (packages/db's
 * migrations, as the Helm Job applies them) and a clone of it per measurement, so that rows one
 * measurement leaves behind (owed SMS, queued jobs) never reach another one's worker.
 */
export async function createBenchDatabases(serverUrl: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const dropAll = async () => {
    const { rows } = await admin.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`${PREFIX}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
  };
  // A run that was interrupted leaves its databases behind; they are of no use to this one.
  await dropAll();
  const template = `${PREFIX}template`;
  await admin.query(`CREATE DATABASE "${template}"`);
  await runMigrations(urlOf(serverUrl, template));

  return {
    /** A fresh migrated database; returns its URL. */
    async create(name: string): Promise<string> {
      const database = `${PREFIX}${name}`;
      await admin.query(`CREATE DATABASE "${database}" TEMPLATE "${template}"`);
      return urlOf(serverUrl, database);
    },
    async close(): Promise<void> {
      await dropAll();
      await admin.end();
    },
  };
}

export type BenchDatabases = Awaited<ReturnType<typeof createBenchDatabases>>;
