import { SMS_QUEUE, smsJobId } from '@sokoni/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { EventFact, NotificationFact, OrderFact, SimMessageFact } from './facts.ts';

/** What PostgreSQL holds at the end of the run. */
export async function readDatabase(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const orders = await client.query<OrderFact>('SELECT id, item, status FROM orders');
    const events = await client.query<EventFact>(
      `SELECT order_id AS "orderId", from_status AS "fromStatus", to_status AS "toStatus"
         FROM order_events ORDER BY order_id, created_at, id`,
    );
    const notifications = await client.query<NotificationFact>(
      `SELECT id, order_id AS "orderId", channel, trigger, recipient, body, status,
              last_error AS "lastError", provider_message_id AS "providerMessageId"
         FROM notifications`,
    );
    return { orders: orders.rows, events: events.rows, notifications: notifications.rows };
  } finally {
    await client.end();
  }
}

/** Every recipient of every request the simulator received, oldest first. */
export async function readSimulatorMessages(simulatorUrl: string): Promise<SimMessageFact[]> {
  const newestFirst: SimMessageFact[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor === null ? {} : { cursor }) });
    const response = await fetch(`${simulatorUrl}/messages?${query}`);
    const page = (await response.json()) as { items: SimMessageFact[]; nextCursor: string | null };
    newestFirst.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return newestFirst.reverse();
}

/** The BullMQ state of each row's job (`sms-<id>`), or undefined when Redis has none. */
export async function readJobStates(
  redisUrl: string,
  prefix: string,
  notificationIds: string[],
): Promise<Map<string, string | undefined>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(SMS_QUEUE, { connection: redis, prefix });
  try {
    const states = new Map<string, string | undefined>();
    for (const id of notificationIds) {
      const job = await queue.getJob(smsJobId(id));
      states.set(id, job ? await job.getState() : undefined);
    }
    return states;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
