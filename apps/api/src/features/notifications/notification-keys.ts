import { randomUUID } from 'node:crypto';
import type { SmsTrigger } from './sms-templates.ts';

// A notification's `idempotency_key` is unique in its table: it is what makes "the same SMS is
// never owed twice" true. Every key is `<subject>:<id>:<trigger>`, built only here.

/**
 * The key of the SMS an order owes for a trigger: `order:<order id>:<trigger>`, e.g.
 * `order:…:order.created`, `order:…:order.status.shipped`. Recording the same trigger of the
 * same order again owes nothing more.
 *
 * Rows written before this function carry `order:<order id>:created` for order.created (status
 * changes already had today's shape). The two shapes never meet: order.created is recorded only
 * in the transaction that inserts its order, so an order holding an old key is never recorded
 * for order.created again.
 */
export function orderNotificationKey(orderId: string, trigger: SmsTrigger): string {
  return `order:${orderId}:${trigger}`;
}

/**
 * The key of a resend: `notification:<original id>:resend:<random uuid>`. Each resend is an SMS
 * an operator asked for once more, so its key is new every time; a retried request is caught by
 * its Idempotency-Key, and a second resend of a chain is refused while one is in flight.
 */
export function resendNotificationKey(originalId: string): string {
  return `notification:${originalId}:resend:${randomUUID()}`;
}

/**
 * The key of an original's resend by a bulk resend: `notification:<original id>:resend:bulk`.
 * A bulk resend picks only originals with no resend yet, so the key is the same every time: the
 * unique index then refuses a second bulk resend of one original whatever races with it.
 */
export function bulkResendNotificationKey(originalId: string): string {
  return `notification:${originalId}:resend:bulk`;
}

/**
 * The key of the staff e-mail an order owes one address: `order:<order id>:order.created:email:<address>`.
 * One row per (order, address): a retried placement owes no address a second e-mail.
 */
export function staffEmailKey(orderId: string, address: string): string {
  return `order:${orderId}:order.created:email:${address.toLowerCase()}`;
}
