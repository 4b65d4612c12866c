import { createHash } from 'node:crypto';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type Database,
  type Executor,
  findIdempotencyKey,
  releaseIdempotencyKey,
} from '@sokoni/db';
import { AppError } from '../../lib/errors.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** An in-flight key older than this belongs to a request that died; a retry may take it over. */
export const IDEMPOTENCY_STALE_MS = 60 * 1000;
export const MAX_KEY_LENGTH = 255;

export interface StoredResponse<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export type IdempotentOutcome<T = unknown> = StoredResponse<T> & { replayed: boolean };

/**
 * Stores the response inside the caller's transaction, so the change and the record that
 * replays it commit together: no crash between them can leave a created order whose key still
 * says "in flight" (a retry would then create a second one). Throws when a retry has taken the
 * key over meanwhile, which rolls the caller's change back.
 */
export type RecordResponse<T> = (tx: Executor, response: StoredResponse<T>) => Promise<void>;

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

/**
 * Idempotency-Key handling for POSTs that create things, stored in PostgreSQL so it survives
 * restarts and works across replicas. The first request's response is replayed for 24 hours;
 * a concurrent duplicate gets 409; the same key with another body gets 422. A request that
 * fails changed nothing (its transaction rolled back), so its key is released for a retry.
 */
export function createIdempotencyService({ db }: { db: Database }) {
  return {
    async execute<T>(
      input: { scope: string; key: string | undefined; body: unknown },
      handler: (record: RecordResponse<T>) => Promise<StoredResponse<T>>,
    ): Promise<IdempotentOutcome<T>> {
      if (input.key === undefined) {
        return { ...(await handler(async () => {})), replayed: false };
      }
      const key = input.key;
      if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
        throw new AppError(
          'idempotency-key-invalid',
          `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`,
          {
            errors: [
              { field: 'header/idempotency-key', message: `must be 1 to ${MAX_KEY_LENGTH} characters` },
            ],
          },
        );
      }
      const requestHash = createHash('sha256').update(canonical(input.body)).digest('hex');
      const claimed = await claimIdempotencyKey(db, {
        scope: input.scope,
        key,
        requestHash,
        ttlMs: IDEMPOTENCY_TTL_MS,
        staleAfterMs: IDEMPOTENCY_STALE_MS,
      });
      if (!claimed) {
        // The stored body is the JSON of a T (Dates became ISO strings), which the serializer accepts.
        return (await replay(input.scope, key, requestHash)) as IdempotentOutcome<T>;
      }
      let recorded = false;
      const record: RecordResponse<T> = async (tx, response) => {
        if (!(await completeIdempotencyKey(tx, claimed, response))) {
          throw new AppError(
            'idempotency-in-flight',
            'this request outlived its Idempotency-Key, which a retry has taken over; nothing was changed',
          );
        }
        recorded = true;
      };
      let response: StoredResponse<T>;
      try {
        response = await handler(record);
      } catch (error) {
        await releaseIdempotencyKey(db, claimed);
        throw error;
      }
      // A handler without a transaction of its own records afterwards.
      if (!recorded) {
        await completeIdempotencyKey(db, claimed, response);
      }
      return { ...response, replayed: false };
    },
  };

  async function replay(scope: string, key: string, requestHash: string): Promise<IdempotentOutcome> {
    const existing = await findIdempotencyKey(db, scope, key);
    if (!existing) {
      // Released between our claim and this read: the first request failed. Ask for a retry.
      throw new AppError('idempotency-in-flight', 'the first request with this key has just finished; retry');
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
}

export type IdempotencyService = ReturnType<typeof createIdempotencyService>;
