import { createDb } from '@sokoni/db';
import { describe, expect, it } from 'vitest';
import { createCustomer, createOrder, createTestApi } from '../helper.ts';

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

describe('order numbers and customer codes past a million', () => {
  it('keep every digit, so the millionth does not repeat the hundred-thousandth', async () => {
    const big = await createTestApi();
    const db = createDb({ url: big.databaseUrl, max: 1 });
    try {
      await db.pool.query("select setval('order_number_seq', 999999), setval('customer_code_seq', 999999)");
      const customer = await createCustomer(big);
      expect(customer.code).toBe('CUST-1000000');
      const order = await createOrder(big, customer.id);
      expect(order.number).toBe('ORD-1000000');
      const { rows } = await db.pool.query<{ small: string }>("select sequence_code('ORD-', 42) as small");
      expect(rows[0]?.small).toBe('ORD-000042');
    } finally {
      await db.close();
    }
  });
});
