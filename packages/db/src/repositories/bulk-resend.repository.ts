import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { inFlightNotificationStatuses, initialNotificationStatus } from '../notification-status.ts';
import type { NotificationStatus } from '../schema/notifications.ts';

// Resending many notifications at once (POST /v1/notifications/resend). One resend per original,
// and never two in flight for one message: an original is resent only while it has no resend of
// its own and nothing of its resend tree (the first notification and every resend under it) still
// owes a send, and at most one notification of a tree is resent per call.

export interface BulkResendFilter {
  /** Resendable final statuses; at least one. */
  statuses: readonly NotificationStatus[];
  channel?: string | undefined;
  trigger?: string | undefined;
  createdAfter?: Date | undefined;
  createdBefore?: Date | undefined;
  /** Only rows whose provider_status_code is one of these. */
  providerStatusCodes?: readonly number[] | undefined;
  /** Only rows whose provider_status_code is none of these (or null). */
  notProviderStatusCodes?: readonly number[] | undefined;
  /** At most this many originals. */
  limit: number;
}

export interface BulkResendCandidate {
  id: string;
  rootId: string;
}

// A list as one parameter in PostgreSQL's array syntax (drizzle would spread a JS array into a
// parameter per item); every element quoted, so no value can end an element early.
const arrayLiteral = (values: readonly (string | number)[]) =>
  `{${values.map((value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
const uuids = (ids: readonly string[]) => sql`${arrayLiteral(ids)}::uuid[]`;
const texts = (values: readonly string[]) => sql`${arrayLiteral(values)}::text[]`;
const ints = (values: readonly number[]) => sql`${arrayLiteral(values)}::int[]`;

/**
 * The originals a bulk resend would resend now, oldest first: the rows matching `filter` with no
 * resend yet, whose tree has nothing in flight, the newest such row of each tree. `roots` limits
 * them to those trees (the re-check once they are locked).
 */
export async function findBulkResendCandidates(
  db: Executor,
  filter: BulkResendFilter,
  roots?: readonly string[],
): Promise<BulkResendCandidate[]> {
  const conditions: SQL[] = [sql`n.status = any(${texts(filter.statuses)})`];
  if (filter.channel !== undefined) {
    conditions.push(sql`n.channel = ${filter.channel}`);
  }
  if (filter.trigger !== undefined) {
    conditions.push(sql`n.trigger = ${filter.trigger}`);
  }
  if (filter.createdAfter !== undefined) {
    conditions.push(sql`n.created_at >= ${filter.createdAfter.toISOString()}::timestamptz`);
  }
  if (filter.createdBefore !== undefined) {
    conditions.push(sql`n.created_at < ${filter.createdBefore.toISOString()}::timestamptz`);
  }
  if (filter.providerStatusCodes !== undefined) {
    conditions.push(sql`n.provider_status_code = any(${ints(filter.providerStatusCodes)})`);
  }
  if (filter.notProviderStatusCodes !== undefined) {
    conditions.push(
      sql`(n.provider_status_code is null or not n.provider_status_code = any(${ints(filter.notProviderStatusCodes)}))`,
    );
  }
  const inRoots = roots === undefined ? sql`true` : sql`r.root_id = any(${uuids(roots)})`;
  const result = await db.execute<{ id: string; root_id: string }>(sql`
    with recursive matching as (
      select n.id, n.resend_of, n.created_at from notifications n
      where ${sql.join(conditions, sql` and `)}
        and not exists (select 1 from notifications c where c.resend_of = n.id)
    ),
    up(id, node, parent) as (
      select m.id, m.id, m.resend_of from matching m
      union all
      select up.id, p.id, p.resend_of from up join notifications p on p.id = up.parent
    ),
    rooted as (select id, node as root_id from up where parent is null),
    tree(root_id, id) as (
      select distinct root_id, root_id from rooted
      union all
      select tree.root_id, n.id from tree join notifications n on n.resend_of = tree.id
    ),
    busy as (
      select distinct tree.root_id from tree join notifications n on n.id = tree.id
      where n.status = any(${texts(inFlightNotificationStatuses)})
    ),
    picked as (
      select distinct on (r.root_id) r.id, r.root_id, m.created_at
      from rooted r join matching m on m.id = r.id
      where ${inRoots} and not exists (select 1 from busy b where b.root_id = r.root_id)
      order by r.root_id, m.created_at desc, r.id desc
    )
    select id, root_id from picked order by created_at, id limit ${filter.limit}`);
  return result.rows.map((row) => ({ id: row.id, rootId: row.root_id }));
}

/**
 * Locks the first notification of each tree until the transaction ends, in id order (two bulk
 * resends never wait on each other in a cycle). The single resend locks the same row
 * (lockResendRoot), so the two serialise.
 */
export async function lockResendRoots(db: Executor, rootIds: readonly string[]): Promise<void> {
  if (rootIds.length === 0) {
    return;
  }
  await db.execute(
    sql`select id from notifications where id = any(${uuids(rootIds)}) order by id for update`,
  );
}

/**
 * Owes each original's text again as a new notification linked to it (trigger `resend`), an SMS
 * to the customer's phone as it is now, an e-mail to the same address. `keys[i]` is the
 * idempotency key of the resend of `originalIds[i]`; a key already taken writes nothing.
 * Returns the new rows' ids.
 */
export async function insertBulkResends(
  db: Executor,
  originalIds: readonly string[],
  keys: readonly string[],
): Promise<string[]> {
  if (originalIds.length === 0) {
    return [];
  }
  const result = await db.execute<{ id: string }>(sql`
    insert into notifications
      (order_id, customer_id, channel, trigger, recipient, body, encoding, segments, status, idempotency_key, resend_of)
    select o.order_id, o.customer_id, o.channel, 'resend',
      case when o.channel = 'sms' then coalesce(c.phone, o.recipient) else o.recipient end,
      o.body, o.encoding, o.segments, ${initialNotificationStatus}, k.key, o.id
    from unnest(${uuids(originalIds)}, ${texts(keys)}) as k(id, key)
    join notifications o on o.id = k.id
    left join customers c on c.id = o.customer_id
    order by o.created_at, o.id
    on conflict (idempotency_key) do nothing
    returning id`);
  return result.rows.map((row) => row.id);
}
