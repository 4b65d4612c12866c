import {
  type Database,
  findCustomerById,
  findInFlightInResendTree,
  findNotificationById,
  findOrderById,
  insertResendNotification,
  listDeliveryReports,
  listNotificationAttempts,
  listNotifications,
  lockResendRoot,
  type NotificationRow,
  readNotificationSummary,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { parseDateQuery } from '../../lib/query-dates.ts';
import { type UnitOfWork, withUnitOfWork } from '../../lib/unit-of-work.ts';
import type { Actor } from '../auth/actor.ts';
import type { BusinessMetrics } from '../metrics/api-metrics.ts';
import { resendNotificationKey } from './notification-keys.ts';
import type { ListNotificationsQuery, OrderNotificationsQuery } from './notifications.schemas.ts';
import type { SmsDispatcher } from './sms-dispatcher.ts';

type ListQuery = Static<typeof ListNotificationsQuery>;

/** The only channel of a customer's own notifications. */
const CUSTOMER_CHANNEL = 'sms';

/**
 * Reading the SMS history and resending. Customers acting as themselves see only their own
 * notifications, and only their SMS (a staff e-mail about their order is the shop's, and names
 * its staff's addresses); anything else answers "not found", so nothing can be probed.
 */
export function createNotificationService({
  db,
  sms,
  metrics,
}: {
  db: Database;
  sms: SmsDispatcher;
  metrics?: BusinessMetrics | undefined;
}) {
  function visibleTo(actor: Actor, row: NotificationRow | undefined, id: string): NotificationRow {
    if (
      !row ||
      (actor.customerId !== null && (actor.customerId !== row.customerId || row.channel !== CUSTOMER_CHANNEL))
    ) {
      throw notFound('notification', id);
    }
    return row;
  }

  async function list(actor: Actor, query: ListQuery) {
    if (actor.customerId !== null && query.customerId && query.customerId !== actor.customerId) {
      return { items: [], nextCursor: null };
    }
    const rows = await listNotifications(db, {
      status: query.status,
      orderId: query.orderId,
      customerId: actor.customerId ?? query.customerId,
      channel: actor.customerId === null ? undefined : CUSTOMER_CHANNEL,
      createdBefore: parseDateQuery('createdBefore', query.createdBefore),
      createdAfter: parseDateQuery('createdAfter', query.createdAfter),
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit,
    });
    return toPage(rows, query.limit);
  }

  return {
    listNotifications: list,

    async listOrderNotifications(
      actor: Actor,
      orderId: string,
      query: Static<typeof OrderNotificationsQuery>,
    ) {
      const order = await findOrderById(db, orderId);
      if (!order || (actor.customerId !== null && actor.customerId !== order.customerId)) {
        throw notFound('order', orderId);
      }
      return list(actor, { ...query, orderId });
    },

    /** The notification with every call to the gateway and every delivery report received. */
    async getNotification(actor: Actor, id: string) {
      const row = visibleTo(actor, await findNotificationById(db, id), id);
      const [sendAttempts, deliveryReports] = await Promise.all([
        listNotificationAttempts(db, id),
        listDeliveryReports(db, id),
      ]);
      return { ...row, sendAttempts, deliveryReports };
    },

    /** How many are owed and in flight now, failed in the last hour, and the outbox lag (staff only). */
    summary() {
      return readNotificationSummary(db);
    },

    /**
     * Owes the same text again as a new notification linked to `id`, to the customer's current
     * phone (an operator may have corrected it) or, for a staff e-mail, to the same address, in the caller's transaction when given one, and
     * hands it to the queue once that has committed. Refused while any notification of its
     * resend chain (the first one and every resend down from it, however deep) still owes a
     * send: two in flight would be two SMS.
     */
    async resendNotification(actor: Actor, id: string, unit?: UnitOfWork): Promise<NotificationRow> {
      return withUnitOfWork(db, unit, async ({ tx, afterCommit }) => {
        const original = visibleTo(actor, await findNotificationById(tx, id), id);
        // Locking the first of the chain serialises resends of any notification of it; then the
        // whole tree of resends under it is checked, however deep.
        const rootId = await lockResendRoot(tx, original.id);
        const inFlight = await findInFlightInResendTree(tx, rootId);
        if (inFlight) {
          throw new AppError(
            'conflict',
            `notification ${inFlight.id} is still ${inFlight.status}; resend once it is sent or failed`,
            { extensions: { inFlight: { id: inFlight.id, status: inFlight.status } } },
          );
        }
        const customer = await findCustomerById(tx, original.customerId);
        const resent = await insertResendNotification(tx, {
          orderId: original.orderId,
          customerId: original.customerId,
          channel: original.channel,
          // An SMS goes to the customer's phone as it is now; a staff e-mail to the same address.
          recipient:
            original.channel === 'sms' ? (customer?.phone ?? original.recipient) : original.recipient,
          body: original.body,
          encoding: original.encoding,
          segments: original.segments,
          idempotencyKey: resendNotificationKey(original.id),
          resendOf: original.id,
        });
        // Behind every fresh SMS: a resend repeats an old message, a new order's is due now.
        afterCommit(async () => metrics?.notificationWritten(resent.channel, resent.trigger));
        afterCommit(() => sms.dispatch([resent.id], 'catch-up'));
        return resent;
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
