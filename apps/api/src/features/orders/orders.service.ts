import {
  type CustomerRow,
  type Database,
  type Executor,
  findCustomerById,
  findOrderById,
  findOrderWithItems,
  insertOrderEvent,
  listOrderEvents,
  listOrderItems,
  listOrders,
  type OrderLineView,
  type OrderRow,
  type OrderStatus,
  returnOrderStock,
  updateOrder,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound, pgErrorCode, unprocessable } from '../../lib/errors.ts';
import { parseDateQuery } from '../../lib/query-dates.ts';
import { type UnitOfWork, withSingleStatement } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import type { BusinessMetrics } from '../metrics/api-metrics.ts';
import {
  type OrderNotificationOptions,
  recordOrderNotification,
} from '../notifications/order-notifications.ts';
import type { SmsDispatcher } from '../notifications/sms-dispatcher.ts';
import type { SmsTrigger } from '../notifications/sms-templates.ts';
import { createCatalogueOrdering } from './catalogue-ordering.ts';
import { createFreeTextOrdering } from './free-text-ordering.ts';
import { decodeEventsCursor, encodeEventsCursor } from './order-events-cursor.ts';
import { createOrderNumbers } from './order-numbers.ts';
import { allowedTransitions, canTransition } from './order-status.ts';
import { createOrderingCustomers } from './ordering-customers.ts';
import { createOrderingProducts } from './ordering-products.ts';
import type {
  CreateOrderBody,
  CustomerOrdersQuery,
  ListOrdersQuery,
  OrderEventsQuery,
  UpdateOrderBody,
} from './orders.schemas.ts';

export interface OrderServiceDeps {
  db: Database;
  sms: SmsDispatcher;
  defaultCurrency: string;
  notificationOptions: OrderNotificationOptions;
  /** Orders placed, status changes and the SMS they owe, counted once committed. */
  metrics?: BusinessMetrics | undefined;
}

type ListQuery = Static<typeof ListOrdersQuery>;

/** One order as the API answers about it: the row and its lines (none for a free-text order). */
export type OrderWithItems = OrderRow & { items: OrderLineView[] };

export function createOrderService({
  db,
  sms,
  defaultCurrency,
  notificationOptions,
  metrics,
}: OrderServiceDeps) {
  const customers = createOrderingCustomers();
  const numbers = createOrderNumbers();
  const placeFromCatalogue = createCatalogueOrdering({
    customers,
    products: createOrderingProducts(),
    numbers,
    sms,
    notificationOptions,
  });
  const placeFreeText = createFreeTextOrdering({
    customers,
    numbers,
    sms,
    notificationOptions,
    defaultCurrency,
  });

  /** Customers see only their own orders; anything else is "not found", so nothing can be probed. */
  function visibleTo(actor: Actor, order: OrderRow | undefined, id: string): OrderRow {
    if (!order || (actor.customerId !== null && actor.customerId !== order.customerId)) {
      throw notFound('order', id);
    }
    return order;
  }

  async function customerOf(tx: Executor, order: OrderRow): Promise<CustomerRow> {
    const customer = await findCustomerById(tx, order.customerId);
    if (!customer) {
      throw new Error(`order ${order.id} has no customer`);
    }
    return customer;
  }

  async function list(actor: Actor, query: ListQuery) {
    const customerId = actor.customerId ?? query.customerId;
    if (actor.customerId !== null && query.customerId && query.customerId !== actor.customerId) {
      return { items: [], nextCursor: null };
    }
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listOrders(db, {
      customerId,
      status: query.status,
      createdBefore: parseDateQuery('createdBefore', query.createdBefore),
      createdAfter: parseDateQuery('createdAfter', query.createdAfter),
      q: query.q,
      after,
      limit: query.limit,
    });
    return toPage(rows, query.limit);
  }

  /** Cancelling puts back the stock the order's lines took, in the transaction that cancels it. */
  async function changeStatus(actor: Actor, id: string, to: OrderStatus): Promise<OrderWithItems> {
    const customerMayDo = to === 'cancelled';
    const { order, notificationId, from } = await db.transaction(async (tx) => {
      const current = visibleTo(actor, await findOrderById(tx, id, { forUpdate: true }), id);
      if (actor.customerId !== null && !(customerMayDo && current.status === 'pending')) {
        throw new AppError(
          'illegal-status-transition',
          'customers may only cancel their own pending orders',
          {
            extensions: {
              from: current.status,
              to,
              allowed: current.status === 'pending' ? ['cancelled'] : [],
            },
          },
        );
      }
      if (!canTransition(current.status, to)) {
        throw new AppError(
          'illegal-status-transition',
          `an order cannot go from ${current.status} to ${to}`,
          {
            extensions: { from: current.status, to, allowed: allowedTransitions(current.status) },
          },
        );
      }
      const updated = await updateOrder(tx, id, { status: to });
      if (!updated) {
        throw notFound('order', id);
      }
      await insertOrderEvent(tx, { orderId: id, fromStatus: current.status, toStatus: to, actor: actor.id });
      if (to === 'cancelled') {
        await returnOrderStock(tx, id);
      }
      // canTransition never leads back to pending, so every target has a template.
      const trigger = `order.status.${to}` as SmsTrigger;
      const notificationId = await recordOrderNotification(
        tx,
        trigger,
        updated,
        await customerOf(tx, updated),
        notificationOptions,
      );
      return {
        order: { ...updated, items: await listOrderItems(tx, id) },
        notificationId,
        from: current.status,
      };
    });
    metrics?.statusChanged(from, to);
    if (notificationId) {
      metrics?.notificationWritten('sms', `order.status.${to}`);
    }
    await sms.dispatch(notificationId ? [notificationId] : []);
    return order;
  }

  return {
    /**
     * Writes the order, its first event and the SMS it owes in one statement (inside the caller's
     * transaction when given one), and hands the SMS to the queue once that has committed. An order
     * of catalogue products also writes its lines and takes their stock in that statement.
     */
    async createOrder(
      actor: Actor,
      input: Static<typeof CreateOrderBody>,
      unit?: UnitOfWork,
    ): Promise<OrderWithItems> {
      if (!('items' in input) && actor.customerId !== null) {
        throw new AppError(
          'not-for-customers',
          'a customer orders from the catalogue: send items [{ productId, quantity }], priced by the shop',
        );
      }
      return withSingleStatement(db, unit, async (executor, afterCommit) => {
        afterCommit(async () => {
          metrics?.orderCreated('items' in input ? 'catalogue' : 'free_text');
          metrics?.notificationWritten('sms', 'order.created');
        });
        return 'items' in input
          ? placeFromCatalogue(actor, input, executor, afterCommit)
          : placeFreeText(actor, input, executor, afterCommit);
      }).catch((error: unknown) => {
        // The customer was deleted after we read it: the foreign key refuses the order.
        if (pgErrorCode(error).code === '23503') {
          throw unprocessable('/customerId', `customer ${input.customerId} does not exist`);
        }
        throw error;
      });
    },

    async getOrder(actor: Actor, id: string): Promise<OrderWithItems> {
      const order = await findOrderWithItems(db, id);
      return { ...visibleTo(actor, order, id), items: order?.items ?? [] };
    },

    /** Every status change of an order, oldest first; seen by whoever may see the order. */
    async listOrderEvents(actor: Actor, id: string, query: Static<typeof OrderEventsQuery>) {
      visibleTo(actor, await findOrderById(db, id), id);
      const after = query.cursor ? decodeEventsCursor(query.cursor) : undefined;
      const rows = await listOrderEvents(db, id, { after, limit: query.limit });
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map(({ id, fromStatus, toStatus, actor, createdAt }) => ({
          id,
          fromStatus,
          toStatus,
          actor,
          createdAt,
        })),
        nextCursor: rows.length > query.limit && last ? encodeEventsCursor(last) : null,
      };
    },

    listOrders: list,

    async listCustomerOrders(actor: Actor, customerId: string, query: Static<typeof CustomerOrdersQuery>) {
      const customer = await findCustomerById(db, customerId);
      if (!customer || (actor.customerId !== null && actor.customerId !== customerId)) {
        throw notFound('customer', customerId);
      }
      return list(actor, { ...query, customerId });
    },

    /**
     * Only a pending order changes. A customer may change only its notes: item, quantity and
     * amount are the shop's to set. They change only on a free-text order: a catalogue order's
     * come from its lines.
     */
    async updateOrder(
      actor: Actor,
      id: string,
      patch: Static<typeof UpdateOrderBody>,
    ): Promise<OrderWithItems> {
      return db.transaction(async (tx) => {
        const current = visibleTo(actor, await findOrderById(tx, id, { forUpdate: true }), id);
        const changesTerms =
          patch.item !== undefined || patch.quantity !== undefined || patch.amount !== undefined;
        if (changesTerms && actor.customerId !== null) {
          throw new AppError(
            'not-for-customers',
            'a customer may change only the notes of its order; item, quantity and amount are set by the shop',
          );
        }
        if (current.status !== 'pending') {
          throw new AppError(
            'order-not-editable',
            `order ${current.number} is ${current.status}; only pending orders change`,
          );
        }
        const items = await listOrderItems(tx, id);
        if (changesTerms && items.length > 0) {
          throw new AppError(
            'order-not-editable',
            `order ${current.number} was placed from the catalogue: its item, quantity and amount come from its lines`,
          );
        }
        const updated = await updateOrder(tx, id, {
          ...(patch.item !== undefined ? { item: patch.item.trim() } : {}),
          ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
          ...(patch.amount !== undefined ? { amount: patch.amount } : {}),
          ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        });
        return { ...visibleTo(actor, updated, id), items };
      });
    },

    changeStatus,

    cancelOrder: (actor: Actor, id: string) => changeStatus(actor, id, 'cancelled'),
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
