import { randomBytes } from 'node:crypto';
import { API_SCOPES, CUSTOMER_SCOPES, type Scope } from '@sokoni/contracts';
import {
  getClientCredentialsToken,
  loginWithAuthorizationCode,
  onFileFinished,
  sharedIdp,
  type TestIdp,
  useTestEnvironment,
} from '@sokoni/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type App, buildApp } from '../src/app.ts';
import { type ApiConfig, loadApiConfig } from '../src/config.ts';

/** Every scope of the API: what the staff machine client of these tests holds. */
export const ALL_SCOPES = API_SCOPES;

export interface TestApi<Idp extends TestIdp = TestIdp> {
  app: App;
  config: ApiConfig;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** The apps/idp the API trusts: the run's (started once by the global setup) unless the file brought its own. */
  idp: Idp;
  /** A request as a staff client holding every scope (unless `options.headers.authorization` says otherwise). */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  /** `Bearer <token>` of the `sokoni-dev` machine client holding every scope; cached until near expiry. */
  staffAuthorization: () => Promise<string>;
  /** `Bearer <token>` of the `sokoni-dev` machine client holding exactly `scopes` (none: an empty list). */
  authorizationWithScopes: (scopes: readonly Scope[]) => Promise<string>;
  /**
   * `Bearer <token>` of a demo user (`amina`, `baraka`, `operator`) signed in through the customer
   * app (authorization code + PKCE), holding the customer scopes. The API treats it as a customer
   * once a customer's `subject` is the user's `sub` (`customer-amina`, `customer-baraka`).
   */
  customerAuthorization: (username?: string) => Promise<string>;
}

// Refresh a cached token this long before it expires, so no request carries one that lapses in flight.
const EXPIRY_MARGIN_MS = 60_000;

function tokenCache(mint: () => Promise<{ accessToken: string; expiresIn: number | undefined }>) {
  let cached: { authorization: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return async (): Promise<string> => {
    if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > Date.now()) {
      return cached.authorization;
    }
    pending ??= mint()
      .then((token) => {
        cached = {
          authorization: `Bearer ${token.accessToken}`,
          expiresAt: Date.now() + (token.expiresIn ?? 300) * 1000,
        };
        return cached.authorization;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

// The demo logins of apps/idp are part of the development contract (README): `<name>-pass`.
function demoUser(username: string) {
  return { username, password: `${username}-pass` };
}

/**
 * The API on its own database clone and queue prefix, trusting a real apps/idp (the run's, or
 * `options.idp`), built without listening (tests use `inject`; `app.listen({ port: 0 })` when a
 * real socket is needed). Closed after the file. `env` overrides any variable, OIDC_* included.
 */
export async function createTestApi<Idp extends TestIdp = TestIdp>(
  env: Record<string, string> = {},
  options: { idp?: Idp } = {},
): Promise<TestApi<Idp>> {
  // Without `options.idp`, Idp is TestIdp: the run's provider is one.
  const idp = (options.idp ?? sharedIdp()) as Idp;
  const testEnv = await useTestEnvironment();
  const config = loadApiConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testEnv.databaseUrl,
    REDIS_URL: testEnv.redisUrl,
    QUEUE_PREFIX: testEnv.queuePrefix,
    AT_WEBHOOK_SECRET: `test-webhook-${randomBytes(12).toString('hex')}`,
    ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
    OIDC_ISSUER: idp.issuer,
    OIDC_AUDIENCE: idp.audience,
    // A test file is one client making hundreds of requests a minute: the limiter counts them,
    // but only test/rate-limit/ sets limits a file can reach.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_ORDER_WRITES_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await buildApp(config);
  // Closed when the file ends even when created in a hook or a test, where afterAll is dropped.
  onFileFinished(() => app.close());

  const byScopes = new Map<string, () => Promise<string>>();
  const authorizationWithScopes = (scopes: readonly Scope[]) => {
    const key = [...scopes].sort().join(' ');
    let cached = byScopes.get(key);
    if (!cached) {
      cached = tokenCache(() =>
        // An empty scope parameter would be refused; leaving it out yields a token with no scope.
        getClientCredentialsToken({ issuer: idp.issuer, ...(key ? { scope: key } : {}) }),
      );
      byScopes.set(key, cached);
    }
    return cached();
  };
  const staffAuthorization = () => authorizationWithScopes(ALL_SCOPES);

  const byUser = new Map<string, () => Promise<string>>();
  const customerAuthorization = (username = 'amina') => {
    let cached = byUser.get(username);
    if (!cached) {
      const user = demoUser(username);
      cached = tokenCache(() =>
        loginWithAuthorizationCode({
          issuer: idp.issuer,
          clientId: 'sokoni-customer',
          username: user.username,
          password: user.password,
          scope: `openid ${CUSTOMER_SCOPES.join(' ')}`,
        }),
      );
      byUser.set(username, cached);
    }
    return cached();
  };

  return {
    app,
    config,
    databaseUrl: testEnv.databaseUrl,
    redisUrl: testEnv.redisUrl,
    queuePrefix: testEnv.queuePrefix,
    idp,
    staffAuthorization,
    authorizationWithScopes,
    customerAuthorization,
    inject: async (options) => {
      const authorization = await staffAuthorization();
      return app.inject({ ...options, headers: { authorization, ...options.headers } });
    },
  };
}

/** Creates a customer through the API and returns its JSON. */
export async function createCustomer(api: TestApi, body: Record<string, unknown> = {}) {
  const response = await api.inject({
    method: 'POST',
    url: '/v1/customers',
    payload: { name: 'Wanjiku Kamau', phone: '0712 345 678', ...body },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating a customer answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<{ id: string; code: string; phone: string; name: string }>();
}

/** Creates an order through the API and returns its JSON. */
export async function createOrder(api: TestApi, customerId: string, body: Record<string, unknown> = {}) {
  const response = await api.inject({
    method: 'POST',
    url: '/v1/orders',
    payload: { customerId, item: 'Sukari 1kg', amount: '180.00', ...body },
  });
  if (response.statusCode !== 201) {
    throw new Error(`creating an order answered ${response.statusCode}: ${response.body}`);
  }
  return response.json<{ id: string; number: string; status: string; amount: string }>();
}
