import { type NotificationRow, notifications } from '@sokoni/db';
import { eq } from 'drizzle-orm';
import { request } from 'undici';
import type { Stack } from './stack.ts';

/** A JSON request to the API process, as the staff client unless `headers` says otherwise. */
export async function callApi<T = unknown>(
  stack: Pick<Stack, 'apiUrl' | 'authorization'>,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await request(`${stack.apiUrl}${path}`, {
    method,
    headers: {
      authorization: stack.authorization,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: (text === '' ? null : JSON.parse(text)) as T };
}

let phoneCounter = 0;

/** A Kenyan mobile number unique within the run, in local form and in E.164. */
function uniquePhone(): { local: string; e164: string } {
  phoneCounter += 1;
  const digits = `${(process.pid % 1000).toString().padStart(3, '0')}${(phoneCounter % 100_000).toString().padStart(5, '0')}`;
  return { local: `07${digits.slice(0, 8)}`, e164: `+2547${digits.slice(0, 8)}` };
}

export async function createCustomer(stack: Stack, phone = uniquePhone()) {
  const response = await callApi<{ id: string; phone: string }>(stack, 'POST', '/v1/customers', {
    name: 'Wanjiku Kamau',
    phone: phone.local,
  });
  if (response.status !== 201) {
    throw new Error(`creating a customer answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return { ...response.body, e164: phone.e164 };
}

export async function createOrder(stack: Stack, customerId: string, item = 'Sukari 1kg') {
  return callApi<{ id: string; number: string }>(stack, 'POST', '/v1/orders', {
    customerId,
    item,
    amount: '180.00',
  });
}

/** The notification rows of an order, read from the stack's database. */
export async function notificationsOf(stack: Stack, orderId: string): Promise<NotificationRow[]> {
  return stack.db.db.select().from(notifications).where(eq(notifications.orderId, orderId));
}
