import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type IdempotencyKeyRow, idempotencyKeys } from '../schema/idempotency-keys.ts';

/**
 * Takes a key for a new request. Returns true when this request owns it; false when a row already
 * exists (then read it with findIdempotencyKey). Expired rows, and in-flight rows older than
 * `staleAfterMs` (their request died), are taken over.
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: { scope: string; key: string; requestHash: string; ttlMs: number; staleAfterMs: number },
): Promise<boolean> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, claim.scope),
        eq(idempotencyKeys.key, claim.key),
        sql`(${idempotencyKeys.expiresAt} < now() OR (${idempotencyKeys.state} = 'in_flight' AND ${idempotencyKeys.createdAt} < now() - make_interval(secs => ${claim.staleAfterMs / 1000})))`,
      ),
    );
  const rows = await db
    .insert(idempotencyKeys)
    .values({
      scope: claim.scope,
      key: claim.key,
      requestHash: claim.requestHash,
      expiresAt: sql`now() + make_interval(secs => ${claim.ttlMs / 1000})`,
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

export async function findIdempotencyKey(
  db: Executor,
  scope: string,
  key: string,
): Promise<IdempotencyKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return row;
}

export async function completeIdempotencyKey(
  db: Executor,
  done: { scope: string; key: string; status: number; body: unknown; headers: Record<string, string> },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      state: 'completed',
      responseStatus: done.status,
      responseBody: done.body,
      responseHeaders: done.headers,
    })
    .where(and(eq(idempotencyKeys.scope, done.scope), eq(idempotencyKeys.key, done.key)));
}

/** Frees a key whose request failed before changing anything, so the client may retry with it. */
export async function releaseIdempotencyKey(db: Executor, scope: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
}

/** Housekeeping: deletes expired keys in batches. */
export async function deleteExpiredIdempotencyKeys(db: Executor): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
