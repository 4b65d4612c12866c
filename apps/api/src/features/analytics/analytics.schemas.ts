import { analyticsIntervals } from '@sokoni/db';
import { Type } from 'typebox';
import { TimeFilter, Uuid } from '../../schemas/common.ts';
import { StatusCounts } from '../../schemas/status-counts.ts';

/** Buckets one answer may hold: a leap year of days, seven years of weeks, thirty of months. */
export const MAX_BUCKETS = 366;

/** Customers and items each top list holds. */
export const TOP_LIST_SIZE = 10;

/** The range when the query names no `from`: this many days before `to`. */
export const DEFAULT_RANGE_DAYS = 30;

export const AnalyticsQuery = Type.Object(
  {
    from: Type.Optional(
      TimeFilter(`orders created at or after (default: ${DEFAULT_RANGE_DAYS} days before to)`),
    ),
    to: Type.Optional(TimeFilter('orders created strictly before (default: now)')),
    interval: Type.Enum(analyticsIntervals, {
      default: 'day',
      description: 'bucket width: a UTC day, an ISO week (Monday 00:00 UTC), or a calendar month in UTC',
    }),
  },
  { additionalProperties: false },
);

const CurrencyAmount = Type.Object(
  {
    currency: Type.String({ description: 'ISO 4217 code' }),
    amount: Type.String({ description: 'decimal string' }),
  },
  { title: 'CurrencyAmount' },
);

const Revenue = Type.Array(CurrencyAmount, {
  description: 'sums of the orders not cancelled, per currency (by code); a currency with none is absent',
});

export const OrderAnalytics = Type.Object(
  {
    buckets: Type.Array(
      Type.Object(
        {
          start: Type.String({ format: 'date-time', description: 'the bucket’s first instant, UTC' }),
          orders: Type.Integer({
            minimum: 0,
            description: 'orders placed in the bucket, cancelled ones included',
          }),
          revenue: Revenue,
        },
        { title: 'AnalyticsBucket' },
      ),
      {
        description:
          'every bucket from the one holding `from` to the last starting before `to`, empty ones included; ' +
          'only orders inside [from, to) are counted, also in the first and last bucket',
      },
    ),
    byStatus: StatusCounts('orders in the range in each status, every status listed (0 when none)'),
    topCustomers: Type.Array(
      Type.Object(
        {
          customerId: Uuid,
          code: Type.String(),
          name: Type.String(),
          orders: Type.Integer({ description: 'orders not cancelled' }),
          revenue: Revenue,
        },
        { title: 'TopCustomer' },
      ),
      { maxItems: TOP_LIST_SIZE, description: `at most ${TOP_LIST_SIZE}, most orders first (not cancelled)` },
    ),
    topItems: Type.Array(
      Type.Object(
        {
          name: Type.String({ description: 'a catalogue line’s product name, or a free-text order’s item' }),
          quantity: Type.Integer({ description: 'units ordered' }),
          orders: Type.Integer({ description: 'orders with that line or item' }),
        },
        { title: 'TopItem' },
      ),
      { maxItems: TOP_LIST_SIZE, description: `at most ${TOP_LIST_SIZE}, most units first (not cancelled)` },
    ),
  },
  { title: 'OrderAnalytics' },
);
