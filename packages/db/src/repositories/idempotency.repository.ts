import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type IdempotencyKeyRow, idempotencyKeys } from '../schema/idempotency-keys.ts';

/**
 * Takes a key for a new request. Returns the claim (pass it to completeIdempotencyKey or
 * releaseIdempotencyKey) when this request owns the key; null when a row already exists (then
 * read it with findIdempotencyKey). Expired rows, and in-flight rows older than `staleAfterMs`
 * (their request died, or is too slow to wait for), are taken over.
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: { scope: string; key: string; requestHash: string; ttlMs: number; staleAfterMs: number },
): Promise<IdempotencyClaim | null> {
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
    .returning({ claimedAt: sql<string>`${idempotencyKeys.createdAt}::text` });
  const [row] = rows;
  return row ? { scope: claim.scope, key: claim.key, claimedAt: row.claimedAt } : null;
}

/**
 * A key as one request claimed it. `claimedAt` (created_at to the microsecond, as text so it
 * survives the round trip exactly) tells this claim from a later one that took the key over:
 * a request whose key was taken over must neither store its response in the new owner's row
 * nor free it.
 */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  claimedAt: string;
}

const ownedBy = (claim: IdempotencyClaim) =>
  and(
    eq(idempotencyKeys.scope, claim.scope),
    eq(idempotencyKeys.key, claim.key),
    eq(idempotencyKeys.createdAt, sql`${claim.claimedAt}::timestamptz`),
  );

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

/**
 * Stores the response of the request holding `claim`. Returns false, storing nothing, when the
 * key was taken over since.
 */
export async function completeIdempotencyKey(
  db: Executor,
  claim: IdempotencyClaim,
  done: { status: number; body: unknown; headers: Record<string, string> },
): Promise<boolean> {
  const rows = await db
    .update(idempotencyKeys)
    .set({
      state: 'completed',
      responseStatus: done.status,
      responseBody: done.body,
      responseHeaders: done.headers,
    })
    .where(ownedBy(claim))
    .returning({ key: idempotencyKeys.key });
  return rows.length > 0;
}

/**
 * Frees a key whose request failed before changing anything, so the client may retry with it;
 * nothing when the key was taken over since.
 */
export async function releaseIdempotencyKey(db: Executor, claim: IdempotencyClaim): Promise<void> {
  await db.delete(idempotencyKeys).where(ownedBy(claim));
}

/** Housekeeping: deletes expired keys in batches. */
export async function deleteExpiredIdempotencyKeys(db: Executor): Promise<number> {
  const rows = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, sql`now()`))
    .returning({ key: idempotencyKeys.key });
  return rows.length;
}
