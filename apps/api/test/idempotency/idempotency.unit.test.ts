import {
  claimIdempotencyKey,
  createDb,
  customers,
  findIdempotencyKey,
  type IdempotencyClaim,
  type IdempotencyKeyClaimOutcome,
  idempotencyKeys,
} from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createIdempotencyService,
  IDEMPOTENCY_STALE_MS,
  IDEMPOTENCY_TTL_MS,
} from '../../src/features/idempotency/idempotency.service.ts';

const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 4 });
afterAll(() => handle.close());
const { db } = handle;
const service = createIdempotencyService({ db });

const customerNamed = async (name: string) => db.select().from(customers).where(eq(customers.name, name));
const keyState = async (key: string) => (await findIdempotencyKey(db, 'test', key))?.state;

describe('idempotency records commit with the change they replay', () => {
  it('stores the response in the transaction the work wrote in', async () => {
    const outcome = await service.execute({ scope: 'test', key: 'same-tx', body: { n: 1 } }, async (unit) => {
      if (!unit) {
        throw new Error('a request with a key runs its work in a transaction');
      }
      const [row] = await unit.tx
        .insert(customers)
        .values({ name: 'Tx Owner', phone: '+254712345678' })
        .returning();
      // Outside the transaction, neither the change nor a completed key is visible yet.
      expect(await customerNamed('Tx Owner')).toEqual([]);
      expect(await keyState('same-tx')).toBe('in_flight');
      return { status: 201, body: { id: row?.id }, headers: {} };
    });
    expect(outcome.replayed).toBe(false);
    expect(await keyState('same-tx')).toBe('completed');
    expect(await customerNamed('Tx Owner')).toHaveLength(1);
    const replay = await service.execute({ scope: 'test', key: 'same-tx', body: { n: 1 } }, async () => {
      throw new Error('a replay must not run the work');
    });
    expect(replay).toMatchObject({ replayed: true, status: 201, body: outcome.body });
  });

  it('runs after-commit tasks once the work and its key have committed, and never after a rollback', async () => {
    const seen: Array<string | undefined> = [];
    await service.execute({ scope: 'test', key: 'after-commit', body: {} }, async (unit) => {
      unit?.afterCommit(async () => {
        seen.push(await keyState('after-commit'));
      });
      return { status: 202, body: {}, headers: {} };
    });
    expect(seen).toEqual(['completed']);

    const failing = service.execute({ scope: 'test', key: 'rolled-back', body: {} }, async (unit) => {
      unit?.afterCommit(async () => {
        seen.push('ran after a rollback');
      });
      throw new Error('the work failed');
    });
    await expect(failing).rejects.toThrow('the work failed');
    expect(seen).toEqual(['completed']);
    // A failed request changed nothing, so its key is free for a retry.
    expect(await keyState('rolled-back')).toBeUndefined();
  });

  it('rolls the change back when a retry took the key over meanwhile', async () => {
    const attempt = service.execute({ scope: 'test', key: 'taken-over', body: {} }, async (unit) => {
      await unit?.tx.insert(customers).values({ name: 'Slow Request', phone: '+254712345678' });
      // The request outlives the stale limit and a retry claims the key.
      await db
        .update(idempotencyKeys)
        .set({ createdAt: sql`now() - make_interval(secs => ${(IDEMPOTENCY_STALE_MS * 2) / 1000})` })
        .where(and(eq(idempotencyKeys.scope, 'test'), eq(idempotencyKeys.key, 'taken-over')));
      const retry = await claimIdempotencyKey(db, {
        scope: 'test',
        key: 'taken-over',
        requestHash: 'retry',
        ttlMs: IDEMPOTENCY_TTL_MS,
        staleAfterMs: IDEMPOTENCY_STALE_MS,
      });
      expect(retry.owned).toBe(true);
      return { status: 201, body: {}, headers: {} };
    });
    await expect(attempt).rejects.toMatchObject({ code: 'idempotency-in-flight' });
    expect(await customerNamed('Slow Request')).toEqual([]);
    // The retry still owns its claim: the failed original neither completed nor freed it.
    const row = await findIdempotencyKey(db, 'test', 'taken-over');
    expect(row).toMatchObject({ requestHash: 'retry', state: 'in_flight' });
  });

  it('gives work without a key no transaction and stores nothing', async () => {
    const outcome = await service.execute({ scope: 'test', key: undefined, body: {} }, async (unit) => ({
      status: 202,
      body: { inTransaction: unit !== undefined },
      headers: {},
    }));
    expect(outcome).toMatchObject({ status: 202, body: { inTransaction: false }, replayed: false });
  });
});

function ownedClaim(outcome: IdempotencyKeyClaimOutcome): IdempotencyClaim {
  if (!outcome.owned) {
    throw new Error(`the key is held by another request: ${JSON.stringify(outcome.existing)}`);
  }
  return outcome.claim;
}

describe('claiming a key', () => {
  const claim = (key: string, requestHash: string) =>
    claimIdempotencyKey(db, {
      scope: 'claims',
      key,
      requestHash,
      ttlMs: IDEMPOTENCY_TTL_MS,
      staleAfterMs: IDEMPOTENCY_STALE_MS,
    });
  const age = (key: string, column: 'createdAt' | 'expiresAt') =>
    db
      .update(idempotencyKeys)
      .set({ [column]: sql`now() - interval '1 day 1 minute'` })
      .where(and(eq(idempotencyKeys.scope, 'claims'), eq(idempotencyKeys.key, key)));

  it('gives a new key to its first request and shows the holder to the next', async () => {
    expect((await claim('fresh', 'first')).owned).toBe(true);
    const second = await claim('fresh', 'second');
    expect(second).toEqual({
      owned: false,
      existing: expect.objectContaining({ requestHash: 'first', state: 'in_flight', responseStatus: null }),
    });
  });

  it('takes over a key left in flight past the stale limit, or expired, with a claim of its own', async () => {
    const stale = ownedClaim(await claim('stale', 'dead'));
    await age('stale', 'createdAt');
    const takeover = ownedClaim(await claim('stale', 'alive'));
    // The claimed_at tells the two apart, so the first request can no longer store or free the key.
    expect(takeover.claimedAt).not.toBe(stale.claimedAt);
    expect((await findIdempotencyKey(db, 'claims', 'stale'))?.requestHash).toBe('alive');

    await claim('expired', 'old');
    await age('expired', 'expiresAt');
    expect((await claim('expired', 'new')).owned).toBe(true);
  });
});
