import { request } from 'undici';
import type { Stack } from './stack.ts';

export interface SimMessage {
  id: string | null;
  to: string;
  message: string;
  statusCode: number | null;
  status: string;
  deliveryStatus: string | null;
}

/** Every SMS the simulator kept (to one number, when given), oldest first. */
export async function simMessages(stack: Pick<Stack, 'simUrl'>, to?: string): Promise<SimMessage[]> {
  const newestFirst: SimMessage[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '1000' });
    if (to !== undefined) {
      query.set('to', to);
    }
    if (cursor !== null) {
      query.set('cursor', cursor);
    }
    const response = await request(`${stack.simUrl}/messages?${query}`);
    const page = (await response.body.json()) as { items: SimMessage[]; nextCursor: string | null };
    newestFirst.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return newestFirst.reverse();
}

/** Adds fault rules to the simulator (its `POST /control/faults`). */
export async function addFaults(
  stack: Pick<Stack, 'simUrl'>,
  rules: Record<string, unknown>[],
): Promise<void> {
  const response = await request(`${stack.simUrl}/control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (response.statusCode !== 201) {
    throw new Error(`adding faults answered ${response.statusCode}: ${await response.body.text()}`);
  }
  await response.body.dump();
}
