import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle, type NodePgDatabase, type NodePgTransaction } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema/index.ts';

type Schema = typeof schema;
export type Database = NodePgDatabase<Schema>;
export type Transaction = NodePgTransaction<Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories accept either, so callers decide the transaction boundary. */
export type Executor = Database | Transaction;

export interface DbHandle {
  db: Database;
  pool: pg.Pool;
  close: () => Promise<void>;
}

// numeric (money) stays a string; bigint counts come back as strings too and are parsed where used.
export function createDb(options: {
  url: string;
  max?: number;
  applicationName?: string;
  /**
   * Longest one statement may run (ms; 0 = no limit, for migrations). The server cancels it, and
   * the client gives up a little later in case the server itself froze, so a stuck database
   * fails requests and jobs instead of hanging them.
   */
  statementTimeoutMs?: number;
}): DbHandle {
  const statementTimeoutMs = options.statementTimeoutMs ?? 30_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'sokoni',
    // Fail a request rather than hang when the pool is exhausted or the server is gone.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    ...(statementTimeoutMs > 0
      ? { statement_timeout: statementTimeoutMs, query_timeout: statementTimeoutMs + 5_000 }
      : {}),
  });
  // A connection that fails is seen by whoever uses it (its query fails) or, while idle, through
  // the pool's 'error' event, which the apps log. One that fails while the pool closes it (a
  // database dropped or restarted meanwhile: pool.end() resolves before its connections have
  // finished closing) is seen by no one, and an 'error' event nobody listens to ends the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzle(pool, { schema });
  const close = () => {
    // The pool re-emits an idle connection's error as its own 'error' event, and a database
    // dropped or restarted while the pool closes fails connections nobody uses any more: with no
    // listener that event would end the process.
    pool.on('error', () => {});
    return pool.end();
  };
  return { db, pool, close };
}
