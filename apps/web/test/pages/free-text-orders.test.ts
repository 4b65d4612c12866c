import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestWeb } from '../helper.ts';
import { seedCustomer } from '../support/shop-data.ts';
import { browserOf, inputValue, startWebWithApi } from '../support/web-with-api.ts';

// The free-text order form, offered only when WEB_FREE_TEXT_ORDERS is on: it sends the customer's
// own words to the API as an order, and shows the API's refusal beside what was typed.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let amina: ReturnType<typeof browserOf>;

beforeAll(async () => {
  context = await startWebWithApi({ WEB_FREE_TEXT_ORDERS: 'true' });
  await seedCustomer(context.api.db, {
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    subject: 'customer-amina',
  });
  amina = browserOf(context.web, await signIn(context.web, 'amina'));
});

describe('the free-text order form', () => {
  it('passes the order to the API, and shows its refusal of free text from a customer’s own token', async () => {
    const form = await (await amina.get('/shop/free-text')).text();
    expect(form).toContain('<h1>Order anything</h1>');
    const placed = await amina.post('/shop/free-text', {
      idempotencyKey: inputValue(form, 'idempotencyKey'),
      item: 'Solar lamp, the big one',
      quantity: '2',
      amount: '2450.50',
    });
    // The API prices customers' orders from the catalogue only: the form says so, keeps the
    // words typed, and offers a new idempotency key for the next try.
    expect(placed.status).toBe(403);
    const html = await placed.text();
    expect(html).toContain('a customer orders from the catalogue');
    expect(inputValue(html, 'item')).toBe('Solar lamp, the big one');
    expect(inputValue(html, 'idempotencyKey')).not.toBe(inputValue(form, 'idempotencyKey'));
    expect((await context.api.db.pool.query('select 1 from orders')).rowCount).toBe(0);
  });

  it('shows the API’s refusal of an amount and keeps what was typed', async () => {
    const before = (await context.api.db.pool.query('select 1 from orders')).rowCount;
    const refused = await amina.post('/shop/free-text', { item: 'Maize', quantity: '1', amount: 'a lot' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('<div class="problem" role="alert">');
    expect(html).toMatch(/<li>amount: [^<]+<\/li>/);
    expect(inputValue(html, 'item')).toBe('Maize');
    expect((await context.api.db.pool.query('select 1 from orders')).rowCount).toBe(before);
  });

  it('is not offered when the flag is off', async () => {
    const web = await startTestWeb({
      WEB_API_URL: context.api.url,
      WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
    });
    const person = browserOf(web, await signIn(web, 'amina'));
    expect((await person.get('/shop/free-text')).status).toBe(404);
  });
});
