import { type CustomerRow, type Executor, insertNotification, type Locale, type OrderRow } from '@sokoni/db';
import { orderNotificationKey } from './notification-keys.ts';
import { isLocale, renderOrderSms, type SmsTrigger } from './sms-templates.ts';
import { type OwedStaffEmails, owedStaffEmails, type StaffEmailOptions } from './staff-order-emails.ts';

export interface OrderNotificationOptions {
  shopName: string;
  defaultLocale: Locale;
  /** Who is e-mailed of every new order (STAFF_EMAILS); absent or no address: nobody. */
  staffEmail?: StaffEmailOptions | undefined;
}

type OrderFacts = Pick<OrderRow, 'id' | 'number' | 'item' | 'quantity' | 'amount' | 'currency'>;
/** `locale` as stored: a value without texts falls back to the default locale. */
type CustomerFacts = Pick<CustomerRow, 'name' | 'phone'> & { locale: string };

/** The SMS an order change owes: its recipient, text (in the customer's locale) and key. */
export function renderOrderNotification(
  trigger: SmsTrigger,
  order: OrderFacts,
  customer: CustomerFacts,
  options: OrderNotificationOptions,
): { recipient: string; body: string; encoding: string; segments: number; idempotencyKey: string } {
  const locale = isLocale(customer.locale) ? customer.locale : options.defaultLocale;
  const sms = renderOrderSms(trigger, locale, {
    shopName: options.shopName,
    customerName: customer.name,
    orderNumber: order.number,
    item: order.item,
    quantity: order.quantity,
    amount: order.amount,
    currency: order.currency,
  });
  return { recipient: customer.phone, ...sms, idempotencyKey: orderNotificationKey(order.id, trigger) };
}

/**
 * Records the SMS an order change owes, inside the caller's transaction, so the change and
 * its message commit together. The idempotency key makes a repeated trigger owe nothing more.
 * Returns the new notification's id, or null when it was already owed.
 */
export async function recordOrderNotification(
  tx: Executor,
  trigger: SmsTrigger,
  order: OrderRow,
  customer: CustomerRow,
  options: OrderNotificationOptions,
): Promise<string | null> {
  const row = await insertNotification(tx, {
    orderId: order.id,
    customerId: customer.id,
    channel: 'sms',
    trigger,
    ...renderOrderNotification(trigger, order, customer, options),
  });
  return row?.id ?? null;
}

/**
 * The staff e-mails a new order owes (written by its placement statement beside its SMS), or
 * undefined when no staff address is configured. `lines` are its catalogue lines, if any.
 */
export function renderStaffEmails(
  order: Parameters<typeof owedStaffEmails>[0],
  customer: Parameters<typeof owedStaffEmails>[1],
  lines: Parameters<typeof owedStaffEmails>[2],
  options: OrderNotificationOptions,
): OwedStaffEmails | undefined {
  return options.staffEmail ? owedStaffEmails(order, customer, lines, options.staffEmail) : undefined;
}
