import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { statusAfter, statusesBefore } from '../notification-status.ts';
import { notifications } from '../schema/notifications.ts';

// Every SMS costs money, and a customer's own token can make the API owe many (order, cancel,
// again). Beyond a daily number per customer, an owed SMS is not sent: the row is moved to
// `suppressed` with the reason in last_error, and stays in the history for operators to see (and
// resend, which the cap lets through).

/** The last_error of a suppressed row. */
export function suppressionReason(cap: number): string {
  return `suppressed: ${cap} SMS already sent to this customer in the last 24 h (the daily cap per customer)`;
}

/**
 * Of the rows `ids`, suppresses those still owed (`pending`, `queued`) whose customer has been
 * sent `cap` SMS or more in the last 24 hours (accepted by Africa's Talking, or being sent right
 * now), except rows whose trigger is in `exemptTriggers`. One statement for the whole batch.
 * Each count reads the customer's rows of the last 24 hours along notifications_customer_id_idx
 * (customer_id, created_at) and stops at `cap`: a cost bounded by the cap for a customer who is
 * under it, and by the API's rate limit for one who is not. Returns the ids suppressed.
 *
 * Two workers checking two rows of one customer at once can both see `cap - 1` and both send:
 * the cap can be passed by up to the number of SMS sent concurrently, never more.
 */
export async function suppressNotificationsOverDailyCap(
  db: Executor,
  options: { ids: string[]; cap: number; exemptTriggers: readonly string[] },
): Promise<string[]> {
  const { ids, cap, exemptTriggers } = options;
  if (ids.length === 0 || cap <= 0) {
    return [];
  }
  const result = await db.execute<{ id: string }>(sql`
    update ${notifications} n
    set status = ${statusAfter('suppressed')}, last_error = ${suppressionReason(cap)}, updated_at = now()
    where n.id = any(${sql.param(ids)}::uuid[])
      and n.status in ${statusesBefore('suppressed')}
      and n.channel = 'sms'
      and not (n.trigger = any(${sql.param([...exemptTriggers])}::text[]))
      and (
        select count(*) from (
          select 1 from ${notifications} s
          where s.customer_id = n.customer_id and s.channel = 'sms'
            and s.created_at > now() - interval '24 hours'
            and (s.sent_at > now() - interval '24 hours' or s.status = ${statusAfter('claimed')})
          limit ${cap}
        ) sent_today
      ) >= ${cap}
    returning n.id`);
  return result.rows.map((row) => row.id);
}
