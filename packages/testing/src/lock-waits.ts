import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

/** Anything that runs a query on the test's database: a pool or one of its clients. */
export type Queryable = Pick<pg.Pool, 'query'>;

const POLL_INTERVAL_MS = 10;

/**
 * Sessions of the database `db` is connected to that wait for a lock (a row, a table, an
 * advisory lock). Other test files share the server, so sessions of other databases are not
 * counted: a row lock's wait has no database in pg_locks, hence the join on the session.
 */
export async function countLockWaiters(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where not l.granted and a.datname = current_database()`,
  );
  return rows[0]?.n ?? 0;
}

/**
 * Resolves once at least `count` sessions of the test's database wait for a lock, or as soon
 * as `unless()` is true (the awaited statement finished without having to wait). Throws after
 * `timeoutMs`, so a test whose statement never blocks fails instead of hanging.
 */
export async function waitForLockWaiters(
  db: Queryable,
  options: { count?: number; unless?: () => boolean; timeoutMs?: number } = {},
): Promise<void> {
  const { count = 1, unless = () => false, timeoutMs = 10_000 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (unless() || (await countLockWaiters(db)) >= count) {
      return;
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `fewer than ${count} session(s) of the test database waited for a lock within ${timeoutMs} ms`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}
