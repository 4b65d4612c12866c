import { orderStatuses } from '@sokoni/db';
import { Type } from 'typebox';
import { CurrencyCode, Money, PageQuery, TimeFilter, Timestamp, Uuid } from '../../schemas/common.ts';

const OrderStatus = Type.Enum(orderStatuses, {
  description: 'pending → confirmed → shipped → delivered; pending|confirmed → cancelled',
});

// Stored trimmed, so an item of spaces only would be stored empty: at least one other character.
const Item = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Quantity = Type.Integer({ minimum: 1, maximum: 1_000_000 });
const Notes = Type.String({ maxLength: 1000, description: 'free-text remarks, e.g. "deliver after 5 pm"' });

/** Lines one order may list (each product once; a product listed twice is merged into one line). */
const MAX_ORDER_LINES = 100;

const OrderLine = Type.Object(
  {
    productId: Uuid,
    name: Type.String({ description: "the product's name when the order was placed" }),
    unitPrice: Type.String({ description: "decimal string: the product's price when the order was placed" }),
    quantity: Type.Integer(),
    lineTotal: Type.String({ description: 'decimal string: unitPrice × quantity' }),
  },
  { title: 'OrderLine' },
);

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
    notes: Type.Union([Type.String(), Type.Null()]),
    items: Type.Optional(
      Type.Array(OrderLine, {
        description:
          'the lines of an order placed from the catalogue, empty for a free-text order; in answers about one order, not in lists',
      }),
    ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Order' },
);

/** Staff and machine clients only: a customer's own token orders from the catalogue. */
const FreeTextOrderBody = Type.Object(
  {
    customerId: Uuid,
    item: Item,
    quantity: Type.Optional(Quantity),
    amount: Money,
    currency: Type.Optional(CurrencyCode),
    notes: Type.Optional(Notes),
  },
  { additionalProperties: false, title: 'FreeTextOrder' },
);

const CatalogueOrderBody = Type.Object(
  {
    customerId: Uuid,
    items: Type.Array(Type.Object({ productId: Uuid, quantity: Quantity }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: MAX_ORDER_LINES,
      description: 'priced from the catalogue now; all products in one currency',
    }),
    notes: Type.Optional(Notes),
  },
  { additionalProperties: false, title: 'CatalogueOrder' },
);

/** Exactly one form: catalogue lines (`items`), or one free-text line (`item` and `amount`). */
export const CreateOrderBody = Type.Union([CatalogueOrderBody, FreeTextOrderBody]);

/** Customers may send only `notes`; item, quantity and amount change only on free-text orders. */
export const UpdateOrderBody = Type.Object(
  {
    item: Type.Optional(Item),
    quantity: Type.Optional(Quantity),
    amount: Type.Optional(Money),
    notes: Type.Optional(Type.Union([Notes, Type.Null()], { description: 'null clears them' })),
  },
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

export const OrderEvent = Type.Object(
  {
    id: Uuid,
    fromStatus: Type.Union([OrderStatus, Type.Null()], { description: 'null for the order being placed' }),
    toStatus: OrderStatus,
    actor: Type.String({ description: "who made the change: the token's subject (a user or a client)" }),
    createdAt: Timestamp,
  },
  { title: 'OrderEvent' },
);

export const OrderEventsQuery = Type.Object(PageQuery, { additionalProperties: false });
