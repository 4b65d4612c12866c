import { and, eq, lt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { type IdempotencyKeyRow, idempotencyKeys } from '../schema/idempotency-keys.ts';

/**
 * What claiming a key found: either this request now owns it (pass `claim` to
 * completeIdempotencyKey or releaseIdempotencyKey), or another request holds it, in flight or
 * completed (`existing`; undefined when its row came or went while this statement ran: a first
 * request had just claimed the key, or failed and released it).
 */
export type IdempotencyKeyClaimOutcome =
  | { owned: true; claim: IdempotencyClaim }
  | { owned: false; existing: Pick<IdempotencyKeyRow, ExistingColumn> | undefined };

type ExistingColumn = 'requestHash' | 'state' | 'responseStatus' | 'responseBody' | 'responseHeaders';

/**
 * Takes a key for a new request, in one statement: inserts it, or takes over a row that has
 * expired or stayed in flight longer than `staleAfterMs` (its request died, or is too slow to
 * wait for), or else reads the row that holds it.
 */
export async function claimIdempotencyKey(
  db: Executor,
  claim: { scope: string; key: string; requestHash: string; ttlMs: number; staleAfterMs: number },
): Promise<IdempotencyKeyClaimOutcome> {
  const k = idempotencyKeys;
  const expiresAt = sql`now() + make_interval(secs => ${claim.ttlMs / 1000})`;
  const insert = db
    .insert(k)
    .values({ scope: claim.scope, key: claim.key, requestHash: claim.requestHash, expiresAt })
    .onConflictDoUpdate({
      target: [k.scope, k.key],
      // A new created_at tells this claim from the one it took over (see IdempotencyClaim).
      set: {
        requestHash: claim.requestHash,
        state: 'in_flight',
        responseStatus: sql`null`,
        responseBody: sql`null`,
        responseHeaders: sql`null`,
        createdAt: sql`now()`,
        expiresAt,
      },
      setWhere: sql`${k.expiresAt} < now() OR (${k.state} = 'in_flight' AND ${k.createdAt} < now() - make_interval(secs => ${claim.staleAfterMs / 1000}))`,
    })
    .returning({ claimedAt: sql<string>`${k.createdAt}::text`.as('claimed_at') });
  // Drizzle parenthesises the embedded insert. The second branch reads the statement's snapshot,
  // so it sees the holder's row as it was before the insert (a data-modifying CTE is not visible
  // to the rest of its statement).
  const { rows } = await db.execute<{
    claimed_at: string | null;
    request_hash: string | null;
    state: 'in_flight' | 'completed' | null;
    response_status: number | null;
    response_body: unknown;
    response_headers: Record<string, string> | null;
  }>(sql`
    with claimed as ${insert}
    select claimed_at, null as request_hash, null as state, null::integer as response_status,
      null::jsonb as response_body, null::jsonb as response_headers
    from claimed
    union all
    select null, ${k.requestHash}, ${k.state}, ${k.responseStatus}, ${k.responseBody}, ${k.responseHeaders}
    from ${k}
    where ${k.scope} = ${claim.scope} and ${k.key} = ${claim.key} and not exists (select from claimed)`);
  const [row] = rows;
  if (row?.claimed_at) {
    return { owned: true, claim: { scope: claim.scope, key: claim.key, claimedAt: row.claimed_at } };
  }
  return {
    owned: false,
    existing:
      row?.request_hash && row.state
        ? {
            requestHash: row.request_hash,
            state: row.state,
            responseStatus: row.response_status,
            responseBody: row.response_body,
            responseHeaders: row.response_headers,
          }
        : undefined,
  };
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
