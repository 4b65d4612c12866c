import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../helper.ts';

// What an operator does in a real browser: sign in through the OpenID provider from Swagger UI
// and call the API, and open the queue view. Chromium comes from Debian (bin/test installs it).

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let api: TestApi;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install the Debian package chromium (bin/test does)`,
    );
  }
  const port = await freePort();
  origin = `http://localhost:${port}`;
  api = await createTestApi({ PUBLIC_URL: origin });
  await api.app.listen({ host: '127.0.0.1', port });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The flags a root user in a closed network needs (no sandbox, no background fetches).
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

/**
 * What the page's Content-Security-Policy blocked, as Chromium reports it on the console: the
 * pages must work under their policies, with nothing blocked.
 */
function cspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  return violations;
}

async function signInAtIdp(page: Page, username: string): Promise<void> {
  await page.waitForURL((url) => url.toString().startsWith(api.idp.issuer));
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', `${username}-pass`);
  await page.click('button[type="submit"]');
}

describe('operators in a browser', () => {
  it('sign in from Swagger UI (authorization code + PKCE) and call the API', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked = cspViolations(page);
    await page.goto(`${origin}/docs`);
    await page.click('button.authorize');
    const flow = page.locator('.auth-container', { hasText: 'authorizationCode' });
    await flow.getByText('select all').click();
    const popupOpened = context.waitForEvent('page');
    await flow.locator('button.authorize').click();
    const popup = await popupOpened;
    await signInAtIdp(popup, 'operator');
    await page.locator('.auth-container', { hasText: 'authorizationCode' }).getByText('Logout').waitFor();
    await page.click('button.btn-done');

    const operation = page.locator('#operations-customers-listCustomers');
    await operation.click();
    await operation.locator('button.try-out__btn').click();
    const answered = page.waitForResponse((response) => response.url().startsWith(`${origin}/v1/customers`));
    await operation.locator('button.execute').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(response.request().headers().authorization).toMatch(/^Bearer ey/);
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('open the queue view after signing in through the provider', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const blocked = cspViolations(page);
    await page.goto(`${origin}/admin/queues`);
    await signInAtIdp(page, 'operator');
    await page.waitForURL(`${origin}/admin/queues**`);
    await page.getByText('Sokoni queues').waitFor();
    const queues = await page.evaluate(() =>
      fetch('/admin/queues/api/queues').then(
        (response) => response.json() as Promise<{ queues: { name: string }[] }>,
      ),
    );
    expect(queues.queues.map((queue) => queue.name)).toContain('sms');
    // The queue's own page renders (React ran under the policy), and nothing was blocked.
    await page.getByText('sms').first().waitFor();
    expect(blocked).toEqual([]);
    await context.close();
  });

  it('keep customers out of the queue view', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/admin/queues`);
    // Listen before signing in: the 403 can come back before signInAtIdp returns.
    const refused = page.waitForResponse(
      (response) => response.url().startsWith(`${origin}/admin/queues`) && response.status() === 403,
    );
    await signInAtIdp(page, 'amina');
    expect((await refused).status()).toBe(403);
    await context.close();
  });
});
