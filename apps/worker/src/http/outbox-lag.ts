import type { createDb } from '@sokoni/db';

type Pool = ReturnType<typeof createDb>['pool'];

/**
 * Age of the oldest notification still owed and not yet handed to the provider (`pending` or
 * `queued`), in seconds by PostgreSQL's clock; null when nothing is owed. Two index lookups
 * along notifications_status_created_at_idx (status, created_at), one per status, so it costs
 * the same with ten owed rows or a million. The caller bounds the wait (scrape-gauges.ts), and
 * runs one at a time, so a slow database holds at most one connection of the pool.
 */
export async function oldestOwedAgeS(pool: Pool): Promise<number | null> {
  const result = await pool.query<{ age: number | null }>(`
    select extract(epoch from now() - least(
      (select min(created_at) from notifications where status = 'pending'),
      (select min(created_at) from notifications where status = 'queued')
    ))::float8 as age`);
  const age = result.rows[0]?.age ?? null;
  return age === null ? null : Math.max(0, age);
}
