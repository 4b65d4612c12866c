import { claimIdempotencyKey, createDb, customers, findIdempotencyKey, idempotencyKeys } from '@sokoni/db';
import { useTestEnvironment } from '@sokoni/testing';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createIdempotencyService,
  IDEMPOTENCY_STALE_MS,
  IDEMPOTENCY_TTL_MS,
} from '../src/features/idempotency/idempotency.service.ts';

const env = await useTestEnvironment();
const handle = createDb({ url: env.databaseUrl, max: 4 });
afterAll(() => handle.close());
const { db } = handle;
const service = createIdempotencyService({ db });

const customerNamed = async (name: string) => db.select().from(customers).where(eq(customers.name, name));

describe('idempotency records commit with the change they replay', () => {
  it('stores the response in the same transaction as the change', async () => {
    const outcome = await service.execute({ scope: 'test', key: 'same-tx', body: { n: 1 } }, async (record) =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .insert(customers)
          .values({ name: 'Tx Owner', phone: '+254712345678' })
          .returning();
        const response = { status: 201, body: { id: row?.id }, headers: {} };
        await record(tx, response);
        // Inside the transaction the key already says "completed"; outside, not yet.
        expect((await findIdempotencyKey(db, 'test', 'same-tx'))?.state).toBe('in_flight');
        return response;
      }),
    );
    expect(outcome.replayed).toBe(false);
    expect((await findIdempotencyKey(db, 'test', 'same-tx'))?.state).toBe('completed');
    const replay = await service.execute({ scope: 'test', key: 'same-tx', body: { n: 1 } }, async () => {
      throw new Error('a replay must not run the handler');
    });
    expect(replay).toMatchObject({ replayed: true, status: 201, body: outcome.body });
  });

  it('rolls the change back when a retry took the key over meanwhile', async () => {
    const attempt = service.execute({ scope: 'test', key: 'taken-over', body: {} }, async (record) =>
      db.transaction(async (tx) => {
        await tx.insert(customers).values({ name: 'Slow Request', phone: '+254712345678' });
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
        expect(retry).not.toBeNull();
        const response = { status: 201, body: {}, headers: {} };
        await record(tx, response);
        return response;
      }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'idempotency-in-flight' });
    expect(await customerNamed('Slow Request')).toEqual([]);
    // The retry still owns its claim: the failed original did not free it.
    expect((await findIdempotencyKey(db, 'test', 'taken-over'))?.requestHash).toBe('retry');
  });

  it('records afterwards for a handler that does not use a transaction', async () => {
    const outcome = await service.execute({ scope: 'test', key: 'after', body: {} }, async () => ({
      status: 202,
      body: { ok: true },
      headers: {},
    }));
    expect(outcome.status).toBe(202);
    expect((await findIdempotencyKey(db, 'test', 'after'))?.responseStatus).toBe(202);
  });
});
