import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { onFileFinished, type ServiceProcess, sharedIdp, startService } from '@sokoni/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectData, staffClient } from '../support/api-client.ts';
import type { Stack } from '../support/stack.ts';

const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** Committed: the README shows them. */
const screenshotDir = `${workspaceRoot}docs/screenshots/`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = (await import('node:fs/promises')).readFile(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface WebApp {
  service: ServiceProcess;
  /** `http://localhost:<port>`: the origin the browser uses, and the web app's WEB_PUBLIC_URL. */
  origin: string;
}

/**
 * apps/web as a process (the Dockerfile's command) in front of the stack's API, signing people in
 * at the run's apps/idp with the development client sokoni-web. The browser reaches it as
 * localhost, which the client's loopback redirect URI matches on any port.
 */
export async function startWeb(stack: Stack): Promise<WebApp> {
  const idp = sharedIdp();
  const service = await startService({
    name: 'web',
    command: [process.execPath, 'apps/web/src/server.ts'],
    cwd: workspaceRoot,
    env: (port) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      REDIS_URL: stack.redisUrl,
      WEB_PUBLIC_URL: `http://localhost:${port}`,
      WEB_API_URL: stack.apiUrl,
      OIDC_ISSUER: idp.issuer,
      OIDC_AUDIENCE: idp.audience,
      WEB_OIDC_CLIENT_SECRET: 'sokoni-web-secret',
      WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
      WEB_BULL_BOARD_URL: `${stack.apiUrl}/admin/queues`,
    }),
    readyPath: '/readyz',
  });
  return { service, origin: `http://localhost:${service.port}` };
}

/** Debian's Chromium through playwright-core, headless; closed when the file ends. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install the Debian package chromium (bin/test does)`,
    );
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
  onFileFinished(() => browser.close());
  return browser;
}

/** A phone-sized page (the pages are made for phones first) that records CSP violations. */
export async function phonePage(browser: Browser): Promise<{ page: Page; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      blocked.push(message.text());
    }
  });
  return { page, blocked };
}

/**
 * Saves the page into docs/screenshots/<name>.png and checks it with axe-core: no serious or
 * critical violation. axe runs through the DevTools protocol, which the page's CSP does not cover.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.evaluate(await axeSource);
  // A string, evaluated in the page: this package's types know no DOM.
  const violations = (await page.evaluate(`axe.run(document).then((result) => result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id + ' (' + violation.impact + '): ' + violation.help + ' at ' +
      violation.nodes.map((node) => node.target.join(' ')).join(', ')))`)) as string[];
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}${name}.png`, fullPage: true });
  expect(violations, `accessibility of ${name}`).toEqual([]);
}

/** Signs in on the provider's page (the browser is there). */
export async function signInAtIdp(page: Page, username: string, password: string): Promise<void> {
  await page.waitForURL((url) => url.toString().startsWith(sharedIdp().issuer));
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A small catalogue in the stack's database: one category under a root, and two products. */
export async function createCatalogue(stack: Stack) {
  const api = staffClient(stack);
  const root = await expectData(api.POST('/v1/categories', { body: { name: 'Groceries' } }));
  const flour = await expectData(api.POST('/v1/categories', { body: { name: 'Flour', parentId: root.id } }));
  const product = (name: string, price: string) =>
    expectData(
      api.POST('/v1/products', {
        body: { sku: `SKU-${randomBytes(4).toString('hex')}`, name, price, stock: 50, categoryId: flour.id },
      }),
      201,
    );
  return {
    root,
    flour,
    unga: await product('Unga wa ngano 2kg', '185.50'),
    maize: await product('Unga wa mahindi 2kg', '160.00'),
  };
}
