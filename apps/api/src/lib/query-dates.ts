import { AppError } from './errors.ts';

/**
 * True for a valid Date whose UTC year PostgreSQL's timestamptz takes as an ISO string (0001 to
 * 9999). JavaScript also holds year 0, negative years and years past 9999, which the database
 * refuses; a date-time with a leap second (23:59:60) passes the format check but is no Date.
 */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return !Number.isNaN(date.getTime()) && year >= 1 && year <= 9999;
}

/** A `date-time` query value as a Date, or a 400 naming the field when the database cannot compare it. */
export function parseDateQuery(field: string, value: string | undefined): Date | undefined {
  if (value === undefined) {
    return undefined;
  }
  const date = new Date(value);
  if (!isStorableDate(date)) {
    throw new AppError(
      'validation-failed',
      `query/${field} must be a date-time between the years 0001 and 9999`,
      {
        errors: [{ field: `query/${field}`, message: 'must be a date-time between the years 0001 and 9999' }],
      },
    );
  }
  return date;
}
