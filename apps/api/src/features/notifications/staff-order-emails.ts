import type { StaffOrderEmail } from '@sokoni/contracts';
import type { Locale, OwedStaffEmails } from '@sokoni/db';
import { staffEmailKey } from './notification-keys.ts';

export type { OwedStaffEmails };

export interface StaffEmailOptions {
  /** STAFF_EMAILS, each once, lower-cased; empty: no staff e-mail is owed. */
  addresses: readonly string[];
  locale: Locale;
  shopName: string;
  /** The order's link, `{orderId}` standing for its id. */
  orderUrlTemplate: string;
}

interface OrderFacts {
  id: string;
  number: string;
  item: string;
  quantity: number;
  amount: string;
  currency: string;
  notes?: string | null | undefined;
}

interface LineFacts {
  name: string;
  quantity: number;
  unitPrice: string;
}

/** Money as stored (two decimals) from a decimal string times a quantity, without floats. */
function lineTotal(unitPrice: string, quantity: number): string {
  const [whole = '0', fraction = ''] = unitPrice.split('.');
  const cents = (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2))) * BigInt(quantity);
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/**
 * What a new order owes its staff: the e-mail's content (order, lines, total, customer, link) for
 * every configured address, or undefined when none is configured. `lines` are the catalogue lines
 * of the order; a free-text order is one line of its item with only its total.
 */
export function owedStaffEmails(
  order: OrderFacts,
  customer: { name: string; code: string; phone: string },
  lines: readonly LineFacts[] | undefined,
  options: StaffEmailOptions,
): OwedStaffEmails | undefined {
  if (options.addresses.length === 0) {
    return undefined;
  }
  const body: StaffOrderEmail = {
    kind: 'staff-order-email',
    version: 1,
    locale: options.locale,
    shopName: options.shopName,
    order: {
      id: order.id,
      number: order.number,
      amount: order.amount,
      currency: order.currency,
      notes: order.notes ?? null,
      lines:
        lines && lines.length > 0
          ? lines.map((line) => ({
              name: line.name,
              quantity: line.quantity,
              unitPrice: line.unitPrice,
              lineTotal: lineTotal(line.unitPrice, line.quantity),
            }))
          : [{ name: order.item, quantity: order.quantity, unitPrice: null, lineTotal: order.amount }],
      url: options.orderUrlTemplate.replaceAll('{orderId}', encodeURIComponent(order.id)),
    },
    customer: { name: customer.name, code: customer.code, phone: customer.phone },
  };
  return {
    recipients: [...options.addresses],
    idempotencyKeys: options.addresses.map((address) => staffEmailKey(order.id, address)),
    body: JSON.stringify(body),
  };
}
