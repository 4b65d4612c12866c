import type pg from 'pg';

interface OwedSmsRows {
  customerId: string;
  count: number;
  /** Tags the rows (their idempotency keys start with it), so a run counts its own. */
  tag: string;
  status: 'queued' | 'sent';
  /** enqueued_at and created_at this many seconds ago. */
  ageS: number;
  /** For `sent` rows: their provider message ids are `<tag>-<n>`. */
  withProviderIds?: boolean;
}

/**
 * Notification rows as the API would have written them, in one statement, without orders: the
 * worker and the relay read only the notification. Returns their ids, oldest first.
 */
export async function insertNotifications(pool: pg.Pool, rows: OwedSmsRows): Promise<string[]> {
  const { rows: inserted } = await pool.query<{ id: string }>(
    `INSERT INTO notifications
       (customer_id, trigger, recipient, body, idempotency_key, status, attempts, provider_message_id,
        enqueued_at, sent_at, created_at, updated_at)
     SELECT $1, 'order.created', '+2547' || lpad((10000000 + i)::text, 8, '0'),
       'Sokoni: Hi Bench, we received order ORD-' || i || ': Sukari 1kg, KES 180.00.',
       $3 || ':' || i, $4, CASE WHEN $4 = 'sent' THEN 1 ELSE 0 END,
       CASE WHEN $6 THEN $3 || '-' || i END,
       now() - make_interval(secs => $5), CASE WHEN $4 = 'sent' THEN now() END,
       now() - make_interval(secs => $5) + make_interval(secs => i / 1000000.0),
       now() - make_interval(secs => $5)
     FROM generate_series(1, $2::int) AS i
     RETURNING id`,
    [rows.customerId, rows.count, rows.tag, rows.status, rows.ageS, rows.withProviderIds ?? false],
  );
  return inserted.map((row) => row.id);
}

/** How many of a tag's rows have reached each status. */
export async function statusCounts(pool: pg.Pool, tag: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; count: string }>(
    `SELECT status, count(*) AS count FROM notifications
     WHERE idempotency_key LIKE $1 || ':%' GROUP BY status`,
    [tag],
  );
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}
