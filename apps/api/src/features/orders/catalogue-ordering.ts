import { randomUUID } from 'node:crypto';
import { type Executor, type OrderLineView, type OrderRow, placeCatalogueOrder } from '@sokoni/db';
import { AppError, unprocessable } from '../../lib/errors.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import {
  type OrderNotificationOptions,
  renderOrderNotification,
  renderStaffEmails,
} from '../notifications/order-notifications.ts';
import type { SmsDispatcher } from '../notifications/sms-dispatcher.ts';
import {
  asLineView,
  mergeLines,
  outOfStock,
  priceLines,
  summariseLines,
  unavailableProduct,
} from './order-lines.ts';
import type { OrderNumbers } from './order-numbers.ts';
import type { OrderingCustomers } from './ordering-customers.ts';
import type { OrderingProducts } from './ordering-products.ts';

/**
 * Tries to place an order whose customer (or products) change in between each time: after that
 * many, the client is asked to retry rather than held in a loop.
 */
export const MAX_PLACEMENT_ATTEMPTS = 3;

export interface CatalogueOrderInput {
  customerId: string;
  items: ReadonlyArray<{ productId: string; quantity: number }>;
  notes?: string | undefined;
}

export interface CatalogueOrderingDeps {
  customers: OrderingCustomers;
  products: OrderingProducts;
  numbers: OrderNumbers;
  sms: SmsDispatcher;
  notificationOptions: OrderNotificationOptions;
}

/**
 * Places orders of catalogue products: priced from the catalogue as it is now (each line's name
 * and price copied into the order), their stock taken, in one statement (placeCatalogueOrder).
 */
export function createCatalogueOrdering({
  customers,
  products,
  numbers,
  sms,
  notificationOptions,
}: CatalogueOrderingDeps) {
  return async function placeFromCatalogue(
    actor: Actor,
    input: CatalogueOrderInput,
    executor: Executor,
    afterCommit: UnitOfWork['afterCommit'],
  ): Promise<OrderRow & { items: OrderLineView[] }> {
    const requested = mergeLines(input.items);
    const productIds = requested.map((line) => line.productId);
    let customer = await customers.get(executor, input.customerId);
    let catalogue = await products.get(executor, productIds);
    for (let attempt = 1; ; attempt += 1) {
      if (!customer || (actor.customerId !== null && actor.customerId !== customer.id)) {
        throw unprocessable('/customerId', `customer ${input.customerId} does not exist`);
      }
      const priced = priceLines(requested, catalogue);
      const order = {
        id: randomUUID(),
        number: await numbers.next(executor),
        customerId: customer.id,
        item: summariseLines(priced.lines),
        quantity: priced.quantity,
        amount: priced.amount,
        currency: priced.currency,
        notes: input.notes ?? null,
      };
      const outcome = await placeCatalogueOrder(executor, {
        customerVersion: customer.version,
        order,
        actor: actor.id,
        lines: priced.lines,
        // The summary already counts each line's units ("2 x Sukari 1kg, Unga 2kg"): the SMS quotes it as is.
        sms: renderOrderNotification(
          'order.created',
          { ...order, quantity: 1 },
          customer,
          notificationOptions,
        ),
        staffEmails: renderStaffEmails(order, customer, priced.lines, notificationOptions),
      });
      if (outcome.placed) {
        const owed = [...(outcome.notificationId ? [outcome.notificationId] : []), ...outcome.staffEmailIds];
        afterCommit(() => sms.dispatch(owed));
        return { ...outcome.order, items: priced.lines.map(asLineView) };
      }
      let productsChanged = false;
      requested.forEach((line, index) => {
        const found = outcome.products[index];
        const asRead = priced.lines[index];
        if (!found?.found || !found.active) {
          throw unavailableProduct(line, found?.name ? { name: found.name } : undefined);
        }
        if ((found.stock ?? 0) < line.quantity) {
          throw outOfStock(line, found);
        }
        productsChanged ||=
          found.name !== asRead?.name ||
          found.price !== asRead?.unitPrice ||
          found.currency !== priced.currency;
      });
      if (attempt === MAX_PLACEMENT_ATTEMPTS) {
        throw new AppError('conflict', 'the customer or the catalogue keeps changing; retry the order');
      }
      // A product was renamed or repriced, or the customer changed, since it was read: read
      // again, and the lines and the SMS are written anew.
      if (productsChanged) {
        catalogue = await products.refresh(executor, productIds);
      }
      if (!outcome.customerCurrent) {
        customer = await customers.refresh(executor, input.customerId);
      }
    }
  };
}
