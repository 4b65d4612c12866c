import { AppError } from './errors.ts';
import { isStorableDate } from './query-dates.ts';

/**
 * Keyset pagination cursor: the (createdAt, id) of the last row of a page, opaque to clients.
 * Lists are ordered newest first by (created_at, id), so rows inserted while a client pages
 * land before its cursor and never shift what it has not yet seen.
 */
export interface Cursor {
  createdAt: Date;
  id: string;
}

function encodeCursor(row: Cursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(createdAt);
    if (!isStorableDate(date) || typeof id !== 'string' || !UUID.test(id)) {
      throw new Error('bad cursor');
    }
    return { createdAt: date, id };
  } catch {
    throw new AppError('validation-failed', 'cursor is not a cursor this API returned', {
      errors: [{ field: 'query/cursor', message: 'must be a nextCursor value from a previous page' }],
    });
  }
}

/** Splits the limit+1 rows fetched into a page and the cursor of the next one. */
export function toPage<T extends Cursor>(
  rows: T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
