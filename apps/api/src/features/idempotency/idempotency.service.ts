import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Database,
  type IdempotencyKeyClaimOutcome,
  releaseIdempotencyKey,
} from '@sokoni/db';
import { AppError } from '../../lib/errors.ts';
import { commitUnitOfWork, type UnitOfWork } from '../../lib/unit-of-work.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** An in-flight key older than this belongs to a request that died; a retry may take it over. */
export const IDEMPOTENCY_STALE_MS = 60 * 1000;
export const MAX_KEY_LENGTH = 255;

interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export type IdempotentOutcome<T = unknown> = StoredResponse<T> & { replayed: boolean };

/**
 * The work of a request: its writes go through `unit` when one is given (a key was sent), so
 * the stored response commits with them; without a key it is undefined and the work opens its
 * own transaction.
 */
export type IdempotentWork<T> = (unit: UnitOfWork | undefined) => Promise<StoredResponse<T>>;

/** Canonical JSON (sorted keys) so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function checkKey(key: string): void {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new AppError(
      'idempotency-key-invalid',
      `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`,
      {
        errors: [{ field: 'header/idempotency-key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` }],
      },
    );
  }
}

/**
 * Idempotency-Key handling for POSTs that create things, stored in PostgreSQL so it survives
 * restarts and works across replicas. The first request's response is replayed for 24 hours;
 * a concurrent duplicate gets 409; the same key with another body gets 422.
 *
 * The key is claimed in a statement of its own, committed at once, so a duplicate sees it in
 * flight; then the work and the stored response commit in one transaction: no crash between
 * them can leave a created order whose key still says "in flight" (a retry would create a
 * second one). A request that fails changed nothing (its transaction rolled back), so its key
 * is released for a retry. A request whose key a retry took over as stale can neither store
 * into nor release the new owner's key: its work rolls back with a 409.
 */
export function createIdempotencyService({ db }: { db: Database }) {
  return {
    async execute<T>(
      input: { scope: string; key: string | undefined; body: unknown },
      work: IdempotentWork<T>,
    ): Promise<IdempotentOutcome<T>> {
      if (input.key === undefined) {
        return { ...(await work(undefined)), replayed: false };
      }
      checkKey(input.key);
      const requestHash = createHash('sha256').update(canonical(input.body)).digest('hex');
      const claimed = await claimIdempotencyKey(db, {
        scope: input.scope,
        key: input.key,
        requestHash,
        ttlMs: IDEMPOTENCY_TTL_MS,
        staleAfterMs: IDEMPOTENCY_STALE_MS,
      });
      if (!claimed.owned) {
        // The stored body is the JSON of a T (Dates became ISO strings), which the serializer accepts.
        return replay(claimed.existing, requestHash) as IdempotentOutcome<T>;
      }
      const { claim } = claimed;
      const committed = await commitUnitOfWork(db, async (unit) => {
        const response = await work(unit);
        if (!(await completeIdempotencyKey(unit.tx, claim, response))) {
          throw new AppError(
            'idempotency-in-flight',
            'this request outlived its Idempotency-Key, which a retry has taken over; nothing was changed',
          );
        }
        return response;
      }).catch(async (error: unknown) => {
        await releaseIdempotencyKey(db, claim);
        throw error;
      });
      // After commit only: a task that failed must not release a key whose work committed.
      await committed.runAfterCommit();
      return { ...committed.result, replayed: false };
    },
  };
}

function replay(
  existing: Extract<IdempotencyKeyClaimOutcome, { owned: false }>['existing'],
  requestHash: string,
): IdempotentOutcome {
  if (!existing) {
    // The holder's row appeared or vanished while we claimed: a first request just started, or failed.
    throw new AppError(
      'idempotency-in-flight',
      'another request with this Idempotency-Key has just started or failed; retry',
    );
  }
  if (existing.requestHash !== requestHash) {
    throw new AppError(
      'idempotency-key-reused',
      'this Idempotency-Key was already used with a different body',
    );
  }
  if (existing.state !== 'completed' || existing.responseStatus === null) {
    throw new AppError('idempotency-in-flight', 'a request with this Idempotency-Key is still in progress');
  }
  return {
    status: existing.responseStatus,
    body: existing.responseBody,
    headers: existing.responseHeaders ?? {},
    replayed: true,
  };
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
