import { SMS_QUEUE } from '@sokoni/contracts';
import type { ServiceProcess } from '@sokoni/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi, createCustomer, createOrder, notificationsOf } from '../support/api-requests.ts';
import { eventually } from '../support/eventually.ts';
import { redisContents } from '../support/redis-contents.ts';
import { addFaults } from '../support/simulator.ts';
import { openSmsQueue } from '../support/sms-queue.ts';
import { SIM_API_KEY, type Stack, startStack } from '../support/stack.ts';

// Runs a whole flow, failures included, with every app logging at debug, then looks for phone
// numbers, tokens and keys in everything the API and the worker logged and everything under the
// stack's prefix in Redis. Only PostgreSQL (and the provider) may hold a number whole.

let stack: Stack;
let worker: ServiceProcess;
/** The phone numbers the flow used: E.164 of customers, and one the API refused. */
const phones: string[] = [];

async function statusOf(id: string) {
  const response = await callApi<{ status: string }>(stack, 'GET', `/v1/notifications/${id}`);
  return response.body.status;
}

async function orderFor(setUp?: (e164: string) => Promise<void>) {
  const customer = await createCustomer(stack);
  phones.push(customer.e164);
  await setUp?.(customer.e164);
  const order = await createOrder(stack, customer.id);
  expect(order.status).toBe(201);
  const [notification] = await notificationsOf(stack, order.body.id);
  return notification?.id ?? '';
}

function settles(id: string, status: string) {
  return eventually(`notification ${id} to be ${status}`, async () =>
    (await statusOf(id)) === status ? true : undefined,
  );
}

beforeAll(async () => {
  stack = await startStack({ apiEnv: { LOG_LEVEL: 'debug' }, simEnv: { LOG_LEVEL: 'debug' } });
  worker = await stack.startWorker({ LOG_LEVEL: 'debug' });

  // Sent, then delivered: its delivery reports come through the webhook, secret in the path.
  const delivered = await orderFor();
  // Refused for good by the recipient's network (403 InvalidPhoneNumber).
  const refused = await orderFor((to) =>
    addFaults(stack, [{ kind: 'recipientStatus', to, statusCode: 403, times: 1 }]),
  );
  // Failed once (500), then sent.
  const retried = await orderFor((to) =>
    addFaults(stack, [{ kind: 'recipientStatus', to, statusCode: 500, times: 1 }]),
  );
  // Failing every attempt (501): the job fails for good with a reason stored in Redis.
  const exhausted = await orderFor((to) =>
    addFaults(stack, [{ kind: 'recipientStatus', to, statusCode: 501 }]),
  );
  await Promise.all([
    settles(delivered, 'delivered'),
    settles(refused, 'failed'),
    settles(retried, 'delivered'),
    settles(exhausted, 'failed'),
  ]);

  // A number the API refuses (one digit too many).
  const invalid = `+2547${phones[0]?.slice(5)}9`;
  phones.push(invalid);
  const rejected = await callApi(stack, 'POST', '/v1/customers', { name: 'Wanjiku Kamau', phone: invalid });
  expect(rejected.status).toBe(422);

  // A customer insert PostgreSQL refuses for a rule the API does not check (as a constraint added
  // by a later migration would): a 500, whose error names the insert and its values.
  await stack.db.pool.query(
    "ALTER TABLE customers ADD CONSTRAINT customers_not_refused CHECK (name <> 'Refused Customer')",
  );
  const refusedPhone = `+2547${phones[1]?.slice(5, -1)}7`;
  phones.push(refusedPhone);
  const failed = await callApi(stack, 'POST', '/v1/customers', {
    name: 'Refused Customer',
    phone: refusedPhone,
    email: 'refused.customer@example.com',
  });
  expect(failed.status).toBe(500);
}, 60_000);

/** What must not appear: each number's subscriber digits (in any format), the token, the keys. */
function secrets(): Record<string, string> {
  const token = stack.authorization.replace(/^Bearer /, '');
  return {
    ...Object.fromEntries(phones.map((phone) => [`phone ${phone}`, phone.slice(4)])),
    'access token': token,
    "access token's signature": token.split('.').at(-1) ?? token,
    'webhook secret': stack.webhookSecret,
    "Africa's Talking key": SIM_API_KEY,
    'e-mail address': 'refused.customer@example.com',
  };
}

function findings(text: string, only?: (name: string) => boolean): string[] {
  return Object.entries(secrets())
    .filter(([name, value]) => (only ? only(name) : true) && text.includes(value))
    .map(([name]) => name);
}

describe('personal data and secrets', () => {
  it('appear in no log line of the API or the worker', async () => {
    // The flow did log what it should (the 500 with its query, the webhook's requests, the
    // refusal); a line may reach this process a moment after the state it follows.
    const logged = (lines: Record<string, unknown>[], what: (line: Record<string, unknown>) => boolean) =>
      eventually('the line', async () => (lines.some(what) ? true : undefined));
    await logged(stack.api.logs, (line) =>
      String((line.err as { message?: string } | undefined)?.message).includes('Failed query'),
    );
    await logged(stack.api.logs, (line) =>
      String((line.req as { url?: string } | undefined)?.url).includes('delivery-reports/[redacted]'),
    );
    await logged(worker.logs, (line) => line.msg === 'SMS refused for good');

    expect(findings(stack.api.output())).toEqual([]);
    expect(findings(worker.output())).toEqual([]);
  });

  it('appear in no log line of the simulator, but for the numbers it exists to receive', () => {
    expect(findings(stack.sim.output(), (name) => !name.startsWith('phone'))).toEqual([]);
  });

  it('appear nowhere in Redis: keys, values, job data and failure reasons', async () => {
    const contents = await redisContents(stack.redisUrl, stack.queuePrefix);
    expect(contents.size).toBeGreaterThan(0);
    const text = [...contents].map(([key, value]) => `${key}\n${value}`).join('\n');
    // The failures were kept, with their reasons: the scan covers them.
    expect(text).toMatch(/failedReason/);
    expect(findings(text)).toEqual([]);
  });

  it('leaves only the notification id in each SMS job', async () => {
    const queue = openSmsQueue(stack);
    const jobs = await queue.getJobs(['completed', 'failed', 'wait', 'active', 'delayed', 'prioritized']);
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    for (const job of jobs) {
      expect(job.queueName).toBe(SMS_QUEUE);
      expect(Object.keys(job.data).sort()).toEqual(['notificationId', 'version']);
    }
  });
});
