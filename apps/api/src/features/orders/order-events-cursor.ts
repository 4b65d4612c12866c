import type { OrderEventsAfter } from '@sokoni/db';
import { AppError } from '../../lib/errors.ts';

// An order's events page oldest first on (created_at, id). order_events.created_at keeps
// microseconds, which the shared cursor (a JavaScript Date) would round away and so repeat or
// skip an event: this cursor carries the time as PostgreSQL printed it.

const POSITION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeEventsCursor(last: { position: string; id: string }): string {
  return Buffer.from(JSON.stringify([last.position, last.id])).toString('base64url');
}

export function decodeEventsCursor(cursor: string): OrderEventsAfter {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (
      typeof at !== 'string' ||
      !POSITION.test(at) ||
      !isCalendarTime(at) ||
      typeof id !== 'string' ||
      !UUID.test(id)
    ) {
      throw new Error('bad cursor');
    }
    return { at, id };
  } catch {
    throw new AppError('validation-failed', 'cursor is not a cursor this API returned', {
      errors: [{ field: 'query/cursor', message: 'must be a nextCursor value from a previous page' }],
    });
  }
}

/** Whether `at` names a real instant (no 30 February): it reads back as written, to the millisecond. */
function isCalendarTime(at: string): boolean {
  const date = new Date(at);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 23) === at.slice(0, 23);
}
