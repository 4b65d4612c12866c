import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, staffClient } from '../support/api-client.ts';
import { type Stack, startStack } from '../support/stack.ts';
import { checkPage, createCatalogue, launchBrowser, phonePage, startWeb, type WebApp } from './web-stack.ts';

// A new person, in a real Chromium on a phone-sized screen: registers at the provider, creates
// their profile on the first sign-in, orders from the catalogue, sees the order and its SMS,
// cancels it, and cannot open another customer's order by editing the URL.

let stack: Stack;
let web: WebApp;
let browser: Browser;
let page: Page;
let blocked: string[];
let catalogue: Awaited<ReturnType<typeof createCatalogue>>;
let orderUrl: string;

beforeAll(async () => {
  stack = await startStack();
  // JOB_TIMEOUT_MS of the stack's workers is 3 s; e-mails must fit within it.
  await stack.startWorker({ SMTP_TIMEOUT_MS: '2000' });
  catalogue = await createCatalogue(stack);
  web = await startWeb(stack);
  browser = await launchBrowser();
  ({ page, blocked } = await phonePage(browser));
});

describe('a new customer in the browser', () => {
  it('signs up, creates the profile, orders from the catalogue, sees the order and its SMS, and cancels it', async () => {
    await page.goto(web.origin);
    await checkPage(page, 'customer-01-home');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    const email = `neema.${randomBytes(4).toString('hex')}@example.com`;
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Full name').fill('Neema Achieng');
    await page.getByLabel('Mobile phone').fill('0722 000 111');
    await page.getByLabel('Password').fill('neema-secret-1');
    await page.getByRole('button', { name: 'Create account and sign in' }).click();

    // First sign-in: no customer yet, so the profile page, filled in from the provider's claims.
    await page.waitForURL(`${web.origin}/profile`);
    await expect.poll(() => page.getByLabel('Name').inputValue()).toBe('Neema Achieng');
    expect(await page.getByLabel('Mobile phone').inputValue()).toBe('0722 000 111');
    // A number the API refuses: its problem detail is shown beside the field.
    await page.getByLabel('Mobile phone').fill('12345');
    await page.getByRole('button', { name: 'Create my profile' }).click();
    await page.locator('#phone-error').waitFor();
    await checkPage(page, 'customer-02-profile-refused');
    await page.getByLabel('Mobile phone').fill('0722 000 111');
    await page.getByRole('button', { name: 'Create my profile' }).click();

    await page.waitForURL(`${web.origin}/shop?welcome=1`);
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link', { name: 'Flour' }).click();
    const unga = page.locator('.card', { hasText: 'Unga wa ngano 2kg' });
    await unga.getByLabel('Quantity of Unga wa ngano 2kg').fill('2');
    await unga.getByRole('button', { name: 'Add to basket' }).click();
    // htmx puts the basket in place; without JavaScript the form posts and the page comes back.
    await expect.poll(() => page.locator('#basket').textContent()).toContain('KES 371.00');
    await checkPage(page, 'customer-03-shop');
    await page.getByRole('link', { name: 'Review and order' }).click();
    await expect.poll(() => page.locator('tfoot').textContent()).toContain('KES 371.00');
    await checkPage(page, 'customer-04-review');
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?placed=1$/);
    orderUrl = page.url().replace('?placed=1', '');
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/^Order ORD-/);
    expect(await page.locator('table').textContent()).toContain('Unga wa ngano 2kg');

    // The order's SMS: sent by the worker to the simulator, then delivered.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.messages').textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('delivered');
    await checkPage(page, 'customer-05-order');
    await page.getByRole('link', { name: '← Your orders' }).click();
    const card = page.locator('.card').first();
    expect(await card.textContent()).toContain('pending');
    await card.locator('summary').click();
    expect(await card.locator('.messages').textContent()).toMatch(/Neema|ORD-/);
    await checkPage(page, 'customer-06-orders');

    await page.goto(orderUrl);
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.waitForURL(`${orderUrl}?cancelled=1`);
    expect(await page.locator('.row .badge').first().textContent()).toBe('cancelled');
    expect(await page.locator('.timeline').textContent()).toContain('cancelled');
    await checkPage(page, 'customer-07-cancelled');
    expect(blocked).toEqual([]);
  });

  it("cannot open another customer's order by editing the URL", async () => {
    const api = staffClient(stack);
    const other = await expectData(
      api.POST('/v1/customers', { body: { name: 'Baraka Otieno', phone: '0733 000 222' } }),
    );
    const theirs = await expectData(
      api.POST('/v1/orders', {
        body: { customerId: other.id, items: [{ productId: catalogue.maize.id, quantity: 1 }] },
      }),
      201,
    );
    const response = await page.goto(`${web.origin}/orders/${theirs.id}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Order not found');
    await checkPage(page, 'customer-08-not-yours');
    // Nor cancel it: the API answers 404 to this customer's token, and nothing changes.
    const csrf = await page.locator('body').getAttribute('hx-headers');
    const token = (JSON.parse(csrf ?? '{}') as Record<string, string>)['x-csrf-token'];
    const cancel = await page.request.post(`${web.origin}/orders/${theirs.id}/cancel`, {
      form: { _csrf: String(token) },
      headers: { origin: web.origin },
      maxRedirects: 0,
    });
    expect(cancel.status()).toBe(404);
    const after = await expectData(api.GET('/v1/orders/{id}', { params: { path: { id: theirs.id } } }));
    expect(after.status).toBe('pending');
  });
});
