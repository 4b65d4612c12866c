import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { onFileFinished, sharedIdp, type TestEnvironment, useTestEnvironment } from '@sokoni/testing';
import { Redis } from 'ioredis';
import { buildWebApp } from '../src/app.ts';
import { loadWebConfig } from '../src/config.ts';

export interface TestWeb {
  origin: string;
  redis: Redis;
}

/**
 * The web app listening on loopback (reached as localhost, which the sokoni-web client's
 * redirect URI matches on any port), signing in at the run's apps/idp. Its API is a dead port
 * unless `env` names one (WEB_API_URL, e.g. support/api-process.ts's API over `environment`).
 * Closed when the file ends.
 */
export async function startTestWeb(
  env: Record<string, string> = {},
  environment?: TestEnvironment,
): Promise<TestWeb> {
  const { redisUrl } = environment ?? (await useTestEnvironment());
  const idp = sharedIdp();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  onFileFinished(() => redis.quit());
  // The port is known once listening, the public URL before building: take a port first.
  const probe = (await import('node:net')).createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const origin = `http://localhost:${port}`;
  const config = loadWebConfig({
    NODE_ENV: 'test',
    REDIS_URL: redisUrl,
    WEB_PUBLIC_URL: origin,
    WEB_API_URL: 'http://127.0.0.1:9',
    OIDC_ISSUER: idp.issuer,
    OIDC_AUDIENCE: idp.audience,
    WEB_OIDC_CLIENT_SECRET: 'sokoni-web-secret',
    WEB_SESSION_SECRET: randomBytes(32).toString('hex'),
    ...env,
  });
  const app = await buildWebApp(config, { redis });
  await app.listen({ host: '127.0.0.1', port });
  onFileFinished(() => app.close());
  return { origin, redis };
}

/** Cookies by name, for one origin. */
type Jar = Map<string, string>;

function remember(jar: Jar, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    if (value === '') {
      jar.delete(name);
    } else {
      jar.set(name, value);
    }
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

export interface SignedInBrowser {
  /** The Set-Cookie header of the session cookie, as the callback sent it. */
  sessionSetCookie: string;
  /** The `cookie` header a browser then sends to the web app. */
  cookie: string;
  /** The session's CSRF token, read from a page as a browser's form would carry it. */
  csrfToken: string;
}

/** A browser's sign-in at the web app, done over HTTP: /login, the provider's form, /callback. */
export async function signIn(web: TestWeb, username: string, path = '/login'): Promise<SignedInBrowser> {
  const webJar: Jar = new Map();
  const idpJar: Jar = new Map();
  let response = await fetch(`${web.origin}${path}`, { redirect: 'manual' });
  remember(webJar, response);
  let url = new URL(String(response.headers.get('location')));
  for (let hop = 0; hop < 10 && !url.href.startsWith(`${web.origin}/callback`); hop += 1) {
    response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(idpJar) } });
    remember(idpJar, response);
    if (response.status === 200) {
      const action = /<form[^>]*\baction="([^"]+)"/i.exec(await response.text())?.[1];
      response = await fetch(new URL(String(action), url), {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(idpJar), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password: `${username}-pass` }),
      });
      remember(idpJar, response);
    }
    url = new URL(String(response.headers.get('location')), url);
  }
  response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(webJar) } });
  const sessionSetCookie =
    response.headers.getSetCookie().find((header) => header.startsWith('sokoni_web=')) ?? '';
  remember(webJar, response);
  const cookie = cookieHeader(webJar);
  const home = await fetch(`${web.origin}/`, { redirect: 'manual', headers: { cookie } });
  const page = await fetch(new URL(String(home.headers.get('location')), web.origin), {
    headers: { cookie },
  });
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  return { sessionSetCookie, cookie, csrfToken };
}
