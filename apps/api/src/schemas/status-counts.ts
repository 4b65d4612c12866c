import { type OrderStatus, orderStatuses } from '@sokoni/db';
import { Type } from 'typebox';

/** Orders per status, every status listed (0 when none): clients read a fixed shape. */
export const StatusCounts = (description: string) =>
  Type.Object(
    Object.fromEntries(orderStatuses.map((status) => [status, Type.Integer({ minimum: 0 })])) as Record<
      OrderStatus,
      ReturnType<typeof Type.Integer>
    >,
    { description },
  );

/** The counts a query found, with 0 for every status it did not. */
export function everyStatus(counts: Partial<Record<OrderStatus, number>>): Record<OrderStatus, number> {
  return Object.fromEntries(orderStatuses.map((status) => [status, counts[status] ?? 0])) as Record<
    OrderStatus,
    number
  >;
}
