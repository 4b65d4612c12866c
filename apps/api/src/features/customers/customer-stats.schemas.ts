import { Type } from 'typebox';
import { Timestamp, Uuid } from '../../schemas/common.ts';
import { StatusCounts } from '../../schemas/status-counts.ts';

const CurrencyTotal = Type.Object(
  {
    currency: Type.String({ description: 'ISO 4217 code' }),
    total: Type.String({ description: 'decimal string: the sum of the orders not cancelled' }),
    average: Type.String({
      description: 'decimal string: total / those orders, rounded half-up to two decimals',
    }),
  },
  { title: 'CurrencyTotal' },
);

export const CustomerStats = Type.Object(
  {
    customerId: Uuid,
    orderCount: Type.Integer({ minimum: 0, description: 'every order placed, cancelled ones included' }),
    byStatus: StatusCounts('orders in each status, every status listed (0 when none)'),
    totals: Type.Array(CurrencyTotal, {
      description:
        'per currency (by code) over the orders not cancelled: a cancelled order brought no money in. ' +
        'A currency whose orders were all cancelled is absent',
    }),
    firstOrderAt: Type.Union([Timestamp, Type.Null()], { description: 'null without orders' }),
    lastOrderAt: Type.Union([Timestamp, Type.Null()], { description: 'null without orders' }),
  },
  { title: 'CustomerStats' },
);
