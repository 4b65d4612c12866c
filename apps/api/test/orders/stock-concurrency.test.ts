import { createDb } from '@sokoni/db';
import { onFileFinished } from '@sokoni/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createCustomer, createTestApi } from '../helper.ts';
import {
  insertProduct,
  type OrderJson,
  orderProducts,
  stockOf,
  unitsInLines,
} from '../support/order-products.ts';

// Two API instances over one database, as two replicas, each with its own pool and its own
// cache of the catalogue: the races below happen between connections and between processes' views.
const api = await createTestApi();
const second = await buildApp(api.config);
onFileFinished(() => second.close());
const replicas = [api.app, second];
const db = createDb({ url: api.databaseUrl, max: 2 });
afterAll(() => db.close());
const customer = await createCustomer(api);

describe('stock under concurrency', () => {
  it('sells exactly the stock when 30 orders race for the last 5 units; the rest get 409 naming the product', async () => {
    const product = await insertProduct(db.db, { name: 'Last Kitenge', stock: 5 });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        orderProducts(api, customer.id, [{ productId: product.id, quantity: 1 }], { app: replicas[i % 2] }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 409)).toHaveLength(25);
    for (const refused of answers.filter((answer) => answer.statusCode === 409)) {
      expect(refused.json()).toMatchObject({ productId: product.id, name: 'Last Kitenge' });
    }
    expect(await stockOf(db.db, product.id)).toBe(0);
    expect(await unitsInLines(db.db, [product.id])).toBe(5);
  });

  it('never deadlocks when orders list the same products in opposite orders', async () => {
    const products = await Promise.all([1, 2, 3].map(() => insertProduct(db.db, { stock: 1000 })));
    const forward = products.map((product) => ({ productId: product.id, quantity: 1 }));
    const backward = [...forward].reverse();
    const answers = [];
    for (let round = 0; round < 10; round++) {
      answers.push(
        ...(await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            orderProducts(api, customer.id, i % 2 ? forward : backward, { app: replicas[i % 2] }),
          ),
        )),
      );
    }
    expect(answers.map((answer) => answer.statusCode)).toEqual(answers.map(() => 201));
    for (const product of products) {
      expect(await stockOf(db.db, product.id)).toBe(1000 - 80);
    }
  });

  it('returns the stock of a cancelled order exactly once, however many cancels race', async () => {
    const product = await insertProduct(db.db, { stock: 10 });
    const order = (
      await orderProducts(api, customer.id, [{ productId: product.id, quantity: 4 }])
    ).json<OrderJson>();
    expect(await stockOf(db.db, product.id)).toBe(6);
    const authorization = await api.staffAuthorization();
    const cancels = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        replicas[i % 2]?.inject({
          method: i % 3 ? 'DELETE' : 'POST',
          url: i % 3 ? `/v1/orders/${order.id}` : `/v1/orders/${order.id}/cancel`,
          headers: { authorization },
        }),
      ),
    );
    const statuses = cancels.map((answer) => answer?.statusCode);
    expect(statuses.filter((status) => status === 200 || status === 204)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    expect(await stockOf(db.db, product.id)).toBe(10);
  });
});
