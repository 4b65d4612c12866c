import { createDb, type DbHandle } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asStoredMoney } from '../../src/lib/money.ts';

/** Every string the Money schema accepts: 1–10 integer digits (leading zeros too), 0–2 decimals. */
const moneyInput = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 10 }),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 2 })),
  )
  .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));

describe('asStoredMoney', () => {
  let database: DbHandle;
  beforeAll(async () => {
    database = createDb({ url: (await useTestEnvironment()).databaseUrl, max: 1 });
  });
  afterAll(() => database.close());

  it('reads every Money input exactly as numeric(12,2) prints it back', async () => {
    const inputs = fc.sample(moneyInput, { numRuns: 500, seed: 20261130 });
    inputs.push('0.5', '007.5', '1500.5', '250', '9999999999.99', '0000000001');
    const { rows } = await database.pool.query<{ stored: string }>(
      'select x::numeric(12,2)::text as stored from unnest($1::text[]) with ordinality as t(x, n) order by n',
      [inputs],
    );
    expect(rows).toHaveLength(inputs.length);
    expect(inputs.map(asStoredMoney)).toEqual(rows.map((row) => row.stored));
  });
});
