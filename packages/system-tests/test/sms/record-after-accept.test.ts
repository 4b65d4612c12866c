import { randomUUID } from 'node:crypto';
import { SEND_SMS_JOB, smsJobId } from '@sokoni/contracts';
import { notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { expect, it, onTestFinished } from 'vitest';
import { createCustomer } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { simMessages } from '../support/simulator.ts';
import { openSmsQueue } from '../support/sms-queue.ts';
import { startStack } from '../support/stack.ts';

const stack = await startStack();
await stack.startWorker();

/** How many times the database refused to record this test's attempt (a sequence survives the rollback). */
async function refusals(): Promise<number> {
  const { rows } = await stack.db.pool.query<{ n: string }>(
    'select case when is_called then last_value else 0 end as n from test_refusals',
  );
  return Number(rows[0]?.n ?? 0);
}

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
    create sequence test_refusals;
    create function test_refuse_attempt() returns trigger language plpgsql as $$
    begin
      if new.notification_id = '${id}' then
        perform nextval('test_refusals');
        raise exception 'database unavailable (test)';
      end if;
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
    await stack.db.pool.query('drop sequence if exists test_refusals');
  });

  const queue = openSmsQueue(stack, onTestFinished);
  await queue.add(
    SEND_SMS_JOB,
    { version: 1, notificationId: id },
    { jobId: smsJobId(id), attempts: 4, backoff: { type: 'fixed', delay: 100 } },
  );
  await eventually('Africa’s Talking to take the message', async () =>
    (await simMessages(stack, customer.e164)).length > 0 ? true : undefined,
  );
  // The record has failed and been tried again: the blink is being ridden out, not the send.
  await eventually('the record to be refused twice', async () =>
    (await refusals()) >= 2 ? true : undefined,
  );
  await lift();

  await eventually('the send to be recorded', async () => {
    const [row] = await stack.db.db.select().from(notifications).where(eq(notifications.id, id));
    return row?.status === 'sent' || row?.status === 'delivered' ? row : undefined;
  });
  // Once its job has finished no send of this row can start any more: were a retry of the job
  // to take the row over and send it again, the job would finish only after that.
  await eventually('the job to finish', async () => {
    const job = await queue.getJob(smsJobId(id));
    return job === undefined || (await job.isCompleted()) || (await job.isFailed()) ? true : undefined;
  });
  expect((await simMessages(stack, customer.e164)).map((m) => m.message)).toEqual(['Sokoni: once only']);
});
