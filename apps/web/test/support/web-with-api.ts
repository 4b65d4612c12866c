import { useTestEnvironment } from '@sokoni/testing';
import { type SignedInBrowser, startTestWeb, type TestWeb } from '../helper.ts';
import { startTestApi, type TestApi } from './api-process.ts';

/**
 * The web app in this process in front of the API as a process, both over the file's database;
 * `env` adds variables of the web app.
 */
export async function startWebWithApi(
  env: Record<string, string> = {},
): Promise<{ web: TestWeb; api: TestApi }> {
  const environment = await useTestEnvironment();
  const api = await startTestApi(environment);
  const web = await startTestWeb({ ...env, WEB_API_URL: api.url }, environment);
  return { web, api };
}

type Form = Record<string, string | string[]>;

/** Requests of one signed-in browser: its cookie, and its CSRF token and Origin on every form. */
export function browserOf(web: TestWeb, person: SignedInBrowser) {
  return {
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${web.origin}${path}`, { redirect: 'manual', headers: { cookie: person.cookie, ...headers } }),
    post: (path: string, form: Form = {}, headers: Record<string, string> = {}) => {
      const body = new URLSearchParams({ _csrf: person.csrfToken });
      for (const [name, value] of Object.entries(form)) {
        for (const one of [value].flat()) {
          body.append(name, one);
        }
      }
      return fetch(`${web.origin}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          cookie: person.cookie,
          origin: web.origin,
          'content-type': 'application/x-www-form-urlencoded',
          ...headers,
        },
        body,
      });
    },
  };
}

/** The value of a hidden or text input of a page, by name. */
export function inputValue(html: string, name: string): string {
  return new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ?? '';
}

/** Puts `quantity` of a product in the basket and orders it through the review page: the order's id. */
export async function orderThroughShop(
  browser: ReturnType<typeof browserOf>,
  productId: string,
  quantity: number,
): Promise<string> {
  await browser.post('/shop/basket', { productId, quantity: String(quantity) });
  const review = await (await browser.get('/shop/review')).text();
  const placed = await browser.post('/shop/order', { idempotencyKey: inputValue(review, 'idempotencyKey') });
  const id = /^\/orders\/([0-9a-f-]{36})\?placed=1$/.exec(String(placed.headers.get('location')))?.[1];
  if (placed.status !== 303 || !id) {
    throw new Error(`the order was not placed: ${placed.status} ${await placed.text()}`);
  }
  return id;
}
