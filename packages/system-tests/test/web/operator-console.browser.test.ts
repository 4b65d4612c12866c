import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectData, staffClient } from '../support/api-client.ts';
import { addFaults } from '../support/simulator.ts';
import { type Stack, startStack } from '../support/stack.ts';
import {
  checkPage,
  createCatalogue,
  launchBrowser,
  phonePage,
  signInAtIdp,
  startWeb,
  type WebApp,
} from './web-stack.ts';

// An operator, in a real Chromium: signs in at the console, finds the SMS that the simulator's
// fault injection made fail, resends it after confirming, and sees the resend delivered.

let stack: Stack;
let web: WebApp;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  // JOB_TIMEOUT_MS of the stack's workers is 3 s; e-mails must fit within it.
  await stack.startWorker({ SMTP_TIMEOUT_MS: '2000' });
  web = await startWeb(stack);
  browser = await launchBrowser();
});

describe('an operator in the browser', () => {
  it('finds a failed SMS, resends it after confirming, and sees it delivered', async () => {
    const catalogue = await createCatalogue(stack);
    const api = staffClient(stack);
    const customer = await expectData(
      api.POST('/v1/customers', { body: { name: 'Zawadi Mwangi', phone: '0744 000 333' } }),
    );
    // Africa's Talking answers "InvalidPhoneNumber" (403, permanent) once for this number.
    await addFaults(stack, [{ kind: 'recipientStatus', to: customer.phone, statusCode: 403, times: 1 }]);
    await expectData(
      api.POST('/v1/orders', {
        body: { customerId: customer.id, items: [{ productId: catalogue.unga.id, quantity: 1 }] },
      }),
      201,
    );

    const { page, blocked } = await phonePage(browser);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${web.origin}/console`);
    await signInAtIdp(page, 'operator', 'operator-pass');
    await page.waitForURL(`${web.origin}/console`);
    // The failure lands within a second or two: the list shows it once the worker has tried.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('table.list tbody tr').count();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe(1);
    expect(await page.locator('#counters').textContent()).toContain('Failed in the last hour');
    await checkPage(page, 'operator-01-failed');

    await page.locator('table.list tbody a').first().click();
    await page.waitForURL(/\/console\/notifications\/[0-9a-f-]{36}$/);
    expect(await page.locator('.row .badge').first().textContent()).toBe('failed');
    expect(await page.locator('table').first().textContent()).toContain('permanent');
    await checkPage(page, 'operator-02-notification');

    await page.getByRole('link', { name: 'Resend…' }).click();
    await checkPage(page, 'operator-03-confirm');
    await page.getByRole('button', { name: 'Yes, resend 1' }).click();
    await page.waitForURL(/\/console\/notifications\/[0-9a-f-]{36}\?resent=1$/);
    expect(await page.locator('.facts').textContent()).toContain('resend');
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.row .badge').first().textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toBe('delivered');
    await checkPage(page, 'operator-04-delivered');
    expect(blocked).toEqual([]);
  });

  it('refuses the console to a customer', async () => {
    const { page } = await phonePage(browser);
    await page.goto(`${web.origin}/console`);
    const refused = page.waitForResponse((response) => response.url().startsWith(`${web.origin}/callback`));
    await signInAtIdp(page, 'amina', 'amina-pass');
    expect((await refused).status()).toBe(403);
    expect(await page.locator('h1').textContent()).toBe('No operator access');
  });
});
