import { beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../helper.ts';
import { seedCatalogue, seedCustomer } from '../support/shop-data.ts';
import { browserOf, inputValue, startWebWithApi } from '../support/web-with-api.ts';

// Amina orders from the catalogue over the web app's plain forms, against the real API: browses
// the category tree and searches, fills the basket, reviews it, and places the order, which the
// API then holds with its lines and the stock it took.

let context: Awaited<ReturnType<typeof startWebWithApi>>;
let catalogue: Awaited<ReturnType<typeof seedCatalogue>>;
let amina: ReturnType<typeof browserOf>;

beforeAll(async () => {
  context = await startWebWithApi();
  catalogue = await seedCatalogue(context.api.db);
  await seedCustomer(context.api.db, {
    name: 'Amina Wanjiru',
    phone: '+254712345678',
    subject: 'customer-amina',
  });
  amina = browserOf(context.web, await signIn(context.web, 'amina'));
});

describe('the shop', () => {
  it('lists the category tree and the active products', async () => {
    const response = await amina.get('/shop');
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const name of ['Groceries', 'Flour', 'Sugar']) {
      expect(html).toContain(`>${name}</a>`);
    }
    for (const product of [catalogue.unga, catalogue.maize, catalogue.sukari]) {
      expect(html).toContain(`<h3>${product.name}</h3>`);
    }
    expect(html).toContain('KES 185.50');
  });

  it('narrows the products to a category and its descendants, and to a search', async () => {
    const sugar = await (await amina.get(`/shop?category=${catalogue.sugar.id}`)).text();
    expect(sugar).toContain('<h3>Sukari 1kg</h3>');
    expect(sugar).not.toContain('<h3>Unga wa ngano 2kg</h3>');
    expect(sugar).toMatch(new RegExp(`category=${catalogue.sugar.id}" aria-current="page"`));

    const groceries = await (await amina.get(`/shop?category=${catalogue.groceries.id}`)).text();
    expect(groceries).toContain('<h3>Sukari 1kg</h3>');
    expect(groceries).toContain('<h3>Unga wa ngano 2kg</h3>');

    const search = await (await amina.get('/shop?q=mahindi')).text();
    expect(search).toContain('<h3>Unga wa mahindi 2kg</h3>');
    expect(search).not.toContain('<h3>Unga wa ngano 2kg</h3>');
    expect(inputValue(search, 'q')).toBe('mahindi');

    const nothing = await (await amina.get('/shop?q=no-such-thing')).text();
    expect(nothing).toContain('No product matches.');
  });

  it('keeps the basket in the session, answers htmx with the basket alone, and totals it exactly', async () => {
    const plain = await amina.post('/shop/basket', {
      productId: catalogue.unga.id,
      quantity: '2',
      back: `/shop?category=${catalogue.flour.id}`,
    });
    expect(plain.status).toBe(303);
    expect(plain.headers.get('location')).toBe(`/shop?category=${catalogue.flour.id}`);

    const htmx = await amina.post(
      '/shop/basket',
      { productId: catalogue.sukari.id, quantity: '1', back: 'https://evil.example/' },
      { 'hx-request': 'true' },
    );
    expect(htmx.status).toBe(200);
    const fragment = await htmx.text();
    expect(fragment).toMatch(/^<section id="basket"/);
    expect(fragment).toContain('2 × Unga wa ngano 2kg');
    expect(fragment).toContain('1 × Sukari 1kg');
    // 2 × 185.50 + 180.00
    expect(fragment).toContain('Total <strong>KES 551.00</strong>');

    // Quantity 0 takes a line out; a product id that is not one changes nothing.
    await amina.post('/shop/basket', { productId: catalogue.sukari.id, quantity: '0' });
    const notAnId = await amina.post('/shop/basket', { productId: 'nope', quantity: '3', back: '//evil' });
    expect(notAnId.headers.get('location')).toBe('/shop');
    const review = await (await amina.get('/shop/review')).text();
    expect(review).toContain('<td>Unga wa ngano 2kg</td><td class="num">2</td>');
    expect(review).not.toContain('Sukari 1kg');
    expect(review).toContain('KES 371.00');
  });

  it('places the order in the API from the review, empties the basket and shows the placed order', async () => {
    const review = await (await amina.get('/shop/review')).text();
    const idempotencyKey = inputValue(review, 'idempotencyKey');
    expect(idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const placed = await amina.post('/shop/order', { idempotencyKey, notes: 'Leave it at the gate' });
    expect(placed.status).toBe(303);
    const location = String(placed.headers.get('location'));
    const id = /^\/orders\/([0-9a-f-]{36})\?placed=1$/.exec(location)?.[1];
    expect(id).toBeDefined();

    const { rows } = await context.api.db.pool.query<{ amount: string; notes: string; subject: string }>(
      `select o.amount, o.notes, c.subject from orders o join customers c on c.id = o.customer_id where o.id = $1`,
      [id],
    );
    expect(rows).toEqual([{ amount: '371.00', notes: 'Leave it at the gate', subject: 'customer-amina' }]);
    const stock = await context.api.db.pool.query<{ stock: number }>(
      'select stock from products where id = $1',
      [catalogue.unga.id],
    );
    expect(stock.rows[0]?.stock).toBe(48);

    const page = await (await amina.get(location)).text();
    expect(page).toContain('Thank you! Your order is placed');
    expect(page).toContain('<td>Unga wa ngano 2kg</td><td class="num">2</td>');
    expect(await (await amina.get('/shop/review')).text()).toContain('Your basket is empty.');
  });
});
