import type { AnalyticsInterval } from '@sokoni/db';

const DAY_MS = 86_400_000;

/** The first instant of the UTC bucket holding `at`: its day, its ISO week (from Monday), or its month. */
function bucketStart(at: Date, interval: AnalyticsInterval): Date {
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  if (interval === 'day') {
    return new Date(day);
  }
  if (interval === 'week') {
    const sinceMonday = (at.getUTCDay() + 6) % 7;
    return new Date(day - sinceMonday * DAY_MS);
  }
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/**
 * How many buckets [from, to) spans: from the one holding `from` to the last that starts before
 * `to`, as the database lists them (`date_trunc` in UTC). Counted before the query, so a range
 * too wide is refused without reading a row.
 */
export function bucketCount(from: Date, to: Date, interval: AnalyticsInterval): number {
  const first = bucketStart(from, interval);
  if (to <= first) {
    return 0;
  }
  if (interval === 'month') {
    const last = bucketStart(new Date(to.getTime() - 1), 'month');
    return (
      (last.getUTCFullYear() - first.getUTCFullYear()) * 12 + (last.getUTCMonth() - first.getUTCMonth()) + 1
    );
  }
  const width = interval === 'day' ? DAY_MS : 7 * DAY_MS;
  return Math.ceil((to.getTime() - first.getTime()) / width);
}
