import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCatalogue, seedCustomer } from '../support/shop-data.ts';
import { browserOf, orderThroughShop, startWebWithApi } from '../support/web-with-api.ts';

// Amina's orders as the API keeps them: the history newest first with each status and SMS, one
// order with its lines and status history, and cancelling an order that is still pending.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
let amina: ReturnType<typeof browserOf>;
let first: string;
let second: string;

beforeAll(async () => {
  context = await startWebWithApi();
  catalogue = await seedCatalogue(context.api.db);
  await seedCustomer(context.api.db, {
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    subject: 'customer-amina',
  });
  amina = browserOf(context.web, await signIn(context.web, 'amina'));
  first = await orderThroughShop(amina, catalogue.unga.id, 1);
  second = await orderThroughShop(amina, catalogue.sukari.id, 3);
});

async function numberOf(id: string): Promise<string> {
  const { rows } = await context.api.db.pool.query<{ number: string }>(
    'select number from orders where id = $1',
    [id],
  );
  return rows[0]?.number ?? '';
}

describe('the orders page', () => {
  it('lists the customer’s orders newest first, each with its status and the SMS it owes', async () => {
    const response = await amina.get('/orders');
    expect(response.status).toBe(200);
    const html = await response.text();
    const links = [...html.matchAll(/<a href="\/orders\/([0-9a-f-]{36})">Order (ORD-[^<]+)<\/a>/g)];
    expect(links.map((link) => link[1])).toEqual([second, first]);
    expect(links.map((link) => link[2])).toEqual([await numberOf(second), await numberOf(first)]);
    expect(html).toContain('KES 540.00');
    expect(html).toContain('KES 185.50');
    // Both pending; the order.created SMS of each is listed with it (no worker sends it here).
    expect(html.match(/class="badge[^"]*"[^>]*>pending</g)?.length).toBeGreaterThanOrEqual(2);
    expect(html.match(/1 SMS sent about this order/g)).toHaveLength(2);
  });
});

describe('an order’s page', () => {
  it('shows its lines, total and status history', async () => {
    const response = await amina.get(`/orders/${second}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>Order ${await numberOf(second)}</h1>`);
    expect(html).toContain(
      '<tr><td>Sukari 1kg</td><td class="num">3</td><td class="num">180.00</td><td class="num">540.00</td></tr>',
    );
    expect(html).toContain('<strong>KES 540.00</strong>');
    const history = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(history).toMatch(/pending/);
    expect(html).toContain('Cancel this order');
  });

  it('cancels a pending order: the API records it and the page says so, without the cancel button', async () => {
    const cancelled = await amina.post(`/orders/${first}/cancel`);
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.get('location')).toBe(`/orders/${first}?cancelled=1`);
    const { rows } = await context.api.db.pool.query<{ status: string }>(
      'select status from orders where id = $1',
      [first],
    );
    expect(rows[0]?.status).toBe('cancelled');
    // The stock its line took is back.
    const stock = await context.api.db.pool.query<{ stock: number }>(
      'select stock from products where id = $1',
      [catalogue.unga.id],
    );
    expect(stock.rows[0]?.stock).toBe(50);

    const html = await (await amina.get(`/orders/${first}?cancelled=1`)).text();
    expect(html).toContain('Your order is cancelled.');
    expect(html).not.toContain('Cancel this order');
    const history = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
    expect(history.indexOf('pending')).toBeLessThan(history.indexOf('cancelled'));
    expect(history.indexOf('pending')).toBeGreaterThanOrEqual(0);
  });
});
