import { type Database, orderAnalytics } from '@sokoni/db';
import type { Static } from 'typebox';
import { AppError } from '../../lib/errors.ts';
import { parseDateQuery } from '../../lib/query-dates.ts';
import { everyStatus } from '../../schemas/status-counts.ts';
import type { Actor } from '../auth/actor.ts';
import { type AnalyticsQuery, DEFAULT_RANGE_DAYS, MAX_BUCKETS, TOP_LIST_SIZE } from './analytics.schemas.ts';
import { bucketCount } from './analytics-buckets.ts';

const invalidRange = (detail: string, field: string, message: string) =>
  new AppError('validation-failed', detail, { errors: [{ field, message }] });

export function createAnalyticsService({
  db,
  clock = () => new Date(),
}: {
  db: Database;
  clock?: () => Date;
}) {
  return {
    /** Staff see every order; a customer's own token (should it hold the scope) only its own. */
    async orderAnalytics(actor: Actor, query: Static<typeof AnalyticsQuery>) {
      const to = parseDateQuery('to', query.to) ?? clock();
      const from =
        parseDateQuery('from', query.from) ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * 86_400_000);
      if (from >= to) {
        throw invalidRange('query/from must be before query/to', 'query/from', 'must be before to');
      }
      const buckets = bucketCount(from, to, query.interval);
      if (buckets > MAX_BUCKETS) {
        throw invalidRange(
          `the range spans ${buckets} ${query.interval} buckets, more than ${MAX_BUCKETS}: narrow it or take a wider interval`,
          'query/interval',
          `at most ${MAX_BUCKETS} buckets`,
        );
      }
      const analytics = await orderAnalytics(db, {
        from,
        to,
        interval: query.interval,
        customerId: actor.customerId ?? undefined,
        top: TOP_LIST_SIZE,
      });
      return { ...analytics, byStatus: everyStatus(analytics.byStatus) };
    },
  };
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
