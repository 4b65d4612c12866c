import { randomUUID } from 'node:crypto';
import { type Executor, type OrderLineView, type OrderRow, placeOrder } from '@sokoni/db';
import { AppError, unprocessable } from '../../lib/errors.ts';
import { asStoredMoney } from '../../lib/money.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import {
  type OrderNotificationOptions,
  renderOrderNotification,
  renderStaffEmails,
} from '../notifications/order-notifications.ts';
import type { SmsDispatcher } from '../notifications/sms-dispatcher.ts';
import { MAX_PLACEMENT_ATTEMPTS } from './catalogue-ordering.ts';
import type { OrderNumbers } from './order-numbers.ts';
import type { OrderingCustomers } from './ordering-customers.ts';

export interface FreeTextOrderInput {
  customerId: string;
  item: string;
  quantity?: number | undefined;
  amount: string;
  currency?: string | undefined;
  notes?: string | undefined;
}

export interface FreeTextOrderingDeps {
  customers: OrderingCustomers;
  numbers: OrderNumbers;
  sms: SmsDispatcher;
  notificationOptions: OrderNotificationOptions;
  defaultCurrency: string;
}

/**
 * Places free-text orders (one line, its price given by the caller: staff and machine clients
 * only), the API's hottest write: one statement (placeOrder), with the customer from the cache
 * and the number from a reserved block, so no read comes first.
 */
export function createFreeTextOrdering({
  customers,
  numbers,
  sms,
  notificationOptions,
  defaultCurrency,
}: FreeTextOrderingDeps) {
  return async function placeFreeText(
    actor: Actor,
    input: FreeTextOrderInput,
    executor: Executor,
    afterCommit: UnitOfWork['afterCommit'],
  ): Promise<OrderRow & { items: OrderLineView[] }> {
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
        notes: input.notes ?? null,
      };
      const placed = await placeOrder(executor, {
        customerVersion: customer.version,
        order,
        actor: actor.id,
        sms: renderOrderNotification('order.created', order, customer, notificationOptions),
        staffEmails: renderStaffEmails(order, customer, undefined, notificationOptions),
      });
      if (placed) {
        const owed = [...(placed.notificationId ? [placed.notificationId] : []), ...placed.staffEmailIds];
        afterCommit(() => sms.dispatch(owed));
        return { ...placed.order, items: [] };
      }
      if (attempt === MAX_PLACEMENT_ATTEMPTS) {
        throw new AppError('conflict', `customer ${input.customerId} keeps changing; retry the order`);
      }
      // The customer changed (or went) since it was read: its SMS is written anew from the row.
      customer = await customers.refresh(executor, input.customerId);
    }
  };
}
