import { randomUUID } from 'node:crypto';
import { SEND_SMS_JOB, SMS_QUEUE, smsJobId } from '@sokoni/contracts';
import { notifications } from '@sokoni/db';
import { Queue } from 'bullmq';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { beforeAll, expect, it, onTestFinished } from 'vitest';
import { createCustomer } from './support/api-requests.ts';
import { eventually } from './support/eventually.ts';
import { simMessages } from './support/simulator.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  await stack.startWorker();
});

it('sends once when recording an accepted SMS fails for a moment (the database blinks)', async () => {
  const customer = await createCustomer(stack);
  const id = randomUUID();
  await stack.db.db.insert(notifications).values({
    id,
    customerId: customer.id,
    trigger: 'resend',
    recipient: customer.e164,
    body: 'Sokoni: once only',
    status: 'queued',
    idempotencyKey: `test:${id}`,
    enqueuedAt: new Date(),
  });
  // Every write of this notification's attempts fails until the test lifts it: the worker's
  // record of the accepted send fails after Africa's Talking took the message.
  await stack.db.pool.query(`
    create function test_refuse_attempt() returns trigger language plpgsql as $$
    begin
      if new.notification_id = '${id}' then raise exception 'database unavailable (test)'; end if;
      return new;
    end $$;
    create trigger test_refuse_attempt before insert on notification_attempts
      for each row execute function test_refuse_attempt();`);
  const lift = () =>
    stack.db.pool.query(
      'drop trigger if exists test_refuse_attempt on notification_attempts; drop function if exists test_refuse_attempt()',
    );
  onTestFinished(async () => {
    await lift();
  });

  const queue = new Queue(SMS_QUEUE, { connection: new Redis(stack.redisUrl), prefix: stack.queuePrefix });
  onTestFinished(() => queue.close());
  await queue.add(
    SEND_SMS_JOB,
    { version: 1, notificationId: id },
    { jobId: smsJobId(id), attempts: 4, backoff: { type: 'fixed', delay: 100 } },
  );
  await eventually('Africa’s Talking to take the message', async () =>
    (await simMessages(stack, customer.e164)).length > 0 ? true : undefined,
  );
  // Long enough for the failed record to have been retried or given up on.
  await new Promise((resolve) => setTimeout(resolve, 500));
  await lift();

  await eventually('the send to be recorded', async () => {
    const [row] = await stack.db.db.select().from(notifications).where(eq(notifications.id, id));
    return row?.status === 'sent' || row?.status === 'delivered' ? row : undefined;
  });
  // Past the time a retried job would take the row over and send it again.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect((await simMessages(stack, customer.e164)).map((m) => m.message)).toEqual(['Sokoni: once only']);
});
