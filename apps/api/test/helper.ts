import { useTestEnvironment } from '@sokoni/testing';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll } from 'vitest';
import { type App, buildApp } from '../src/app.ts';
import { type ApiConfig, loadApiConfig } from '../src/config.ts';

export const ALL_SCOPES = [
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'notifications:read',
  'notifications:resend',
] as const;

export interface TestApi {
  app: App;
  config: ApiConfig;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  /** A request as a staff client holding every scope. */
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  /** Authorization header value of a staff client holding every scope (absent while auth is off). */
  staffAuthorization: () => Promise<string | undefined>;
}

/**
 * The API on its own database clone and queue prefix, built without listening (tests use
 * `inject`; `app.listen({ port: 0 })` when a real socket is needed). Closed after the file.
 */
export async function createTestApi(env: Record<string, string> = {}): Promise<TestApi> {
  const testEnv = await useTestEnvironment();
  const config = loadApiConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testEnv.databaseUrl,
    REDIS_URL: testEnv.redisUrl,
    QUEUE_PREFIX: testEnv.queuePrefix,
    ...env,
  });
  const app = await buildApp(config);
  afterAll(() => app.close());
  const staffAuthorization = async () => undefined;
  return {
    app,
    config,
    databaseUrl: testEnv.databaseUrl,
    redisUrl: testEnv.redisUrl,
    queuePrefix: testEnv.queuePrefix,
    staffAuthorization,
    inject: async (options) => {
      const authorization = await staffAuthorization();
      return app.inject({
        ...options,
        headers: { ...(authorization ? { authorization } : {}), ...options.headers },
      });
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
