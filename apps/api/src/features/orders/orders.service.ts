import { randomUUID } from 'node:crypto';
import {
  type CustomerRow,
  type Database,
  type Executor,
  findCustomerById,
  findOrderById,
  insertOrderEvent,
  listOrders,
  type OrderRow,
  type OrderStatus,
  placeOrder,
  updateOrder,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound, pgErrorCode, unprocessable } from '../../lib/errors.ts';
import { asStoredMoney } from '../../lib/money.ts';
import { parseDateQuery } from '../../lib/query-dates.ts';
import { type UnitOfWork, withSingleStatement } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import {
  type OrderNotificationOptions,
  recordOrderNotification,
  renderOrderNotification,
} from '../notifications/order-notifications.ts';
import type { SmsDispatcher } from '../notifications/sms-dispatcher.ts';
import type { SmsTrigger } from '../notifications/sms-templates.ts';
import { createOrderNumbers } from './order-numbers.ts';
import { allowedTransitions, canTransition } from './order-status.ts';
import { createOrderingCustomers } from './ordering-customers.ts';
import type {
  CreateOrderBody,
  CustomerOrdersQuery,
  ListOrdersQuery,
  UpdateOrderBody,
} from './orders.schemas.ts';

export interface OrderServiceDeps {
  db: Database;
  sms: SmsDispatcher;
  defaultCurrency: string;
  notificationOptions: OrderNotificationOptions;
}

type ListQuery = Static<typeof ListOrdersQuery>;

/**
 * Tries to place an order against a customer that changes in between each time: after that many,
 * the client is asked to retry rather than held in a loop.
 */
const MAX_PLACEMENT_ATTEMPTS = 3;

export function createOrderService({ db, sms, defaultCurrency, notificationOptions }: OrderServiceDeps) {
  const customers = createOrderingCustomers();
  const numbers = createOrderNumbers();

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

  async function changeStatus(actor: Actor, id: string, to: OrderStatus): Promise<OrderRow> {
    const customerMayDo = to === 'cancelled';
    const { order, notificationId } = await db.transaction(async (tx) => {
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
      // canTransition never leads back to pending, so every target has a template.
      const trigger = `order.status.${to}` as SmsTrigger;
      const notificationId = await recordOrderNotification(
        tx,
        trigger,
        updated,
        await customerOf(tx, updated),
        notificationOptions,
      );
      return { order: updated, notificationId };
    });
    await sms.dispatch(notificationId ? [notificationId] : []);
    return order;
  }

  return {
    /**
     * Writes the order, its first event and the SMS it owes in one statement (inside the caller's
     * transaction when given one), and hands the SMS to the queue once that has committed.
     */
    async createOrder(
      actor: Actor,
      input: Static<typeof CreateOrderBody>,
      unit?: UnitOfWork,
    ): Promise<OrderRow> {
      return withSingleStatement(db, unit, async (executor, afterCommit) => {
        let customer = await customers.get(executor, input.customerId);
        for (let attempt = 1; ; attempt += 1) {
          if (!customer || (actor.customerId !== null && actor.customerId !== customer.id)) {
            throw unprocessable('/customerId', `customer ${input.customerId} does not exist`);
          }
          const order = {
            id: randomUUID(),
            number: await numbers.next(executor),
            customerId: customer.id,
            item: input.item.trim(),
            quantity: input.quantity ?? 1,
            amount: asStoredMoney(input.amount),
            currency: input.currency ?? defaultCurrency,
          };
          const placed = await placeOrder(executor, {
            customerVersion: customer.version,
            order,
            actor: actor.id,
            sms: renderOrderNotification('order.created', order, customer, notificationOptions),
          });
          if (placed) {
            afterCommit(() => sms.dispatch(placed.notificationId ? [placed.notificationId] : []));
            return placed.order;
          }
          if (attempt === MAX_PLACEMENT_ATTEMPTS) {
            throw new AppError('conflict', `customer ${input.customerId} keeps changing; retry the order`);
          }
          // The customer changed (or went) since it was read: its SMS is written anew from the row.
          customer = await customers.refresh(executor, input.customerId);
        }
      }).catch((error: unknown) => {
        // The customer was deleted after we read it: the foreign key refuses the order.
        if (pgErrorCode(error).code === '23503') {
          throw unprocessable('/customerId', `customer ${input.customerId} does not exist`);
        }
        throw error;
      });
    },

    async getOrder(actor: Actor, id: string): Promise<OrderRow> {
      return visibleTo(actor, await findOrderById(db, id), id);
    },

    listOrders: list,

    async listCustomerOrders(actor: Actor, customerId: string, query: Static<typeof CustomerOrdersQuery>) {
      const customer = await findCustomerById(db, customerId);
      if (!customer || (actor.customerId !== null && actor.customerId !== customerId)) {
        throw notFound('customer', customerId);
      }
      return list(actor, { ...query, customerId });
    },

    /** Item, quantity and amount can change only while the order is pending. */
    async updateOrder(actor: Actor, id: string, patch: Static<typeof UpdateOrderBody>): Promise<OrderRow> {
      return db.transaction(async (tx) => {
        const current = visibleTo(actor, await findOrderById(tx, id, { forUpdate: true }), id);
        if (current.status !== 'pending') {
          throw new AppError(
            'order-not-editable',
            `order ${current.number} is ${current.status}; only pending orders change`,
          );
        }
        const updated = await updateOrder(tx, id, {
          ...(patch.item !== undefined ? { item: patch.item.trim() } : {}),
          ...(patch.quantity !== undefined ? { quantity: patch.quantity } : {}),
          ...(patch.amount !== undefined ? { amount: patch.amount } : {}),
        });
        return visibleTo(actor, updated, id);
      });
    },

    changeStatus,

    cancelOrder: (actor: Actor, id: string) => changeStatus(actor, id, 'cancelled'),
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
