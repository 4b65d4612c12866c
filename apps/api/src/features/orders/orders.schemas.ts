import { orderStatuses } from '@sokoni/db';
import { Type } from 'typebox';
import { CurrencyCode, Money, PageQuery, TimeFilter, Timestamp, Uuid } from '../../schemas/common.ts';

const OrderStatus = Type.Enum(orderStatuses, {
  description: 'pending → confirmed → shipped → delivered; pending|confirmed → cancelled',
});

// Stored trimmed, so an item of spaces only would be stored empty: at least one other character.
const Item = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });

export const Order = Type.Object(
  {
    id: Uuid,
    number: Type.String({ description: 'human-readable, unique, e.g. ORD-000042' }),
    customerId: Uuid,
    item: Type.String(),
    quantity: Type.Integer(),
    amount: Type.String({ description: 'decimal string' }),
    currency: Type.String(),
    status: OrderStatus,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Order' },
);

export const CreateOrderBody = Type.Object(
  {
    customerId: Uuid,
    item: Item,
    quantity: Type.Optional(Quantity),
    amount: Money,
    currency: Type.Optional(CurrencyCode),
  },
  { additionalProperties: false },
);

export const UpdateOrderBody = Type.Object(
  { item: Type.Optional(Item), quantity: Type.Optional(Quantity), amount: Type.Optional(Money) },
  { additionalProperties: false, minProperties: 1 },
);

export const ChangeStatusBody = Type.Object({ status: OrderStatus }, { additionalProperties: false });

export const ListOrdersQuery = Type.Object(
  {
    ...PageQuery,
    customerId: Type.Optional(Uuid),
    status: Type.Optional(OrderStatus),
    createdBefore: Type.Optional(TimeFilter('created strictly before')),
    createdAfter: Type.Optional(TimeFilter('created at or after')),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description:
          'orders whose number, item, a line’s product name, or customer’s name or code contains this (any case)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CustomerOrdersQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(OrderStatus),
    createdBefore: Type.Optional(TimeFilter('created strictly before')),
    createdAfter: Type.Optional(TimeFilter('created at or after')),
  },
  { additionalProperties: false },
);
