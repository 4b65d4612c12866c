import { useTestEnvironment } from '@sokoni/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../src/client.ts';

const env = await useTestEnvironment();
const limited = createDb({ url: env.databaseUrl, max: 1, statementTimeoutMs: 200 });
const unlimited = createDb({ url: env.databaseUrl, max: 1, statementTimeoutMs: 0 });
afterAll(() => Promise.all([limited.close(), unlimited.close()]));

describe('createDb', () => {
  it('cancels a statement that runs past the timeout instead of hanging', async () => {
    await expect(limited.pool.query('SELECT pg_sleep(5)')).rejects.toThrow(/statement timeout/);
    // The connection is still usable afterwards.
    const { rows } = await limited.pool.query<{ one: number }>('SELECT 1 AS one');
    expect(rows[0]?.one).toBe(1);
  });

  it('lets migrations run without a limit', async () => {
    const { rows } = await unlimited.pool.query<{ statement_timeout: string }>('SHOW statement_timeout');
    expect(rows[0]?.statement_timeout).toBe('0');
  });
});
