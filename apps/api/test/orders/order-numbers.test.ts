import { describe, expect, it } from 'vitest';
import { createCustomer, createTestApi } from '../helper.ts';

// Order numbers come from blocks reserved in advance (features/orders/order-numbers.ts). With an
// Idempotency-Key, every request holds a transaction, and so a pool connection, while it waits
// for its number: the block must be reserved on one of those connections, never on another.
const api = await createTestApi({ DATABASE_POOL_MAX: '2' });

describe('order numbers', () => {
  it('are handed out to more keyed orders at once than the pool has connections, each once', async () => {
    const customer = await createCustomer(api);
    const authorization = await api.staffAuthorization();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        api.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { authorization, 'idempotency-key': `numbers-${index}` },
          payload: { customerId: customer.id, item: `Sukari ${index}`, amount: '120' },
        }),
      ),
    );
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(12).fill(201));
    const numbers = answers.map((answer) => answer.json().number as string);
    expect(new Set(numbers).size).toBe(12);
    expect(numbers.every((number) => /^ORD-\d{6}$/.test(number))).toBe(true);
  });
});
