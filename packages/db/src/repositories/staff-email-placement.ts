import { type SQL, sql } from 'drizzle-orm';

/** The staff e-mails a new order owes, as the API renders them: one row per address. */
export interface OwedStaffEmails {
  recipients: readonly string[];
  /** One per recipient, in the same order: `order:<id>:order.created:email:<address>`. */
  idempotencyKeys: readonly string[];
  /** The same body for every address: what the e-mail says, frozen with the order. */
  body: string;
}

/**
 * The `staff_emails` CTE of a placement statement: one `email` notification per address for the
 * order its `placed` CTE inserted, in the same statement (the outbox rule), `returning id`. With
 * no addresses it inserts nothing, so the statement's shape is the same either way.
 */
export function owedStaffEmailsCte(staffEmails: OwedStaffEmails | undefined): SQL {
  const recipients = staffEmails?.recipients ?? [];
  return sql`staff_emails as (
      insert into notifications (order_id, customer_id, channel, trigger, recipient, body, encoding, segments,
        idempotency_key)
      select placed.id, placed.customer_id, 'email', 'order.created', owed.recipient, ${staffEmails?.body ?? ''},
        'UTF-8', 0, owed.idempotency_key
      from placed cross join unnest(${sql.param([...recipients])}::text[],
        ${sql.param([...(staffEmails?.idempotencyKeys ?? [])])}::text[]) as owed(recipient, idempotency_key)
      on conflict (idempotency_key) do nothing
      returning id
    )`;
}
