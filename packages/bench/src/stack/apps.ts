import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { type AppProcess, startAppProcess } from './app-process.ts';
import { freePort } from './free-port.ts';
import { logDir } from './paths.ts';

// Every app runs as production runs it (NODE_ENV=production, LOG_LEVEL=warn), from its own
// files, as a process of its own; nothing here imports an app's source.
const production = { NODE_ENV: 'production', LOG_LEVEL: 'warn' };
/** The idp and the simulator answer plain http on loopback; production otherwise refuses http. */
const loopbackHttp = { ALLOW_INSECURE_HTTP: 'true' };

/** The simulator's API key, its development default: it guards nothing real. */
export const SIMULATOR_API_KEY = 'at-sim-dev-key';

interface Idp extends AppProcess {
  issuer: string;
}

/**
 * apps/idp, the token source. It refuses NODE_ENV=production (its clients' secrets are public),
 * so it is the one app that runs in development mode; it is only asked for a token now and then
 * and for its JWKS once, so its mode does not weigh on any figure.
 */
export async function startIdp(): Promise<Idp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const app = await startAppProcess({
    name: 'idp',
    script: 'apps/idp/src/server.ts',
    port,
    env: {
      NODE_ENV: 'development',
      IDP_DEVELOPMENT_MODE: 'true',
      LOG_LEVEL: 'warn',
      IDP_ISSUER: issuer,
      IDP_DATA_DIR: mkdtempSync(join(logDir, '..', 'idp-')),
    },
    healthPath: '/.well-known/openid-configuration',
  });
  return { ...app, issuer };
}

interface ApiOptions {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  issuer: string;
  webhookSecret: string;
}

/** apps/api. It accepts the idp's http issuer (ALLOW_INSECURE_HTTP): only the discovery transport differs from https. */
export async function startApi(options: ApiOptions): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    name: options.name,
    script: 'apps/api/src/server.ts',
    port,
    env: {
      ...production,
      ...loopbackHttp,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix,
      OIDC_ISSUER: options.issuer,
      AT_WEBHOOK_SECRET: options.webhookSecret,
      ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
      // The load is one client at thousands of requests a second: the limiter still counts every
      // request in Redis (its cost is measured), but with limits the load never reaches.
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_ORDER_WRITES_PER_MINUTE: '1000000000',
    },
    healthPath: '/readyz',
  });
}

/** apps/at-sim answering at once (no latency fault); delivery reports only when `callbackUrl` is set. */
export async function startSimulator(options: { name: string; callbackUrl?: string }): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    name: options.name,
    script: 'apps/at-sim/src/server.ts',
    port,
    env: {
      ...production,
      AT_SIM_API_KEY: SIMULATOR_API_KEY,
      // Every message of a run stays listed, so each one can be counted.
      AT_SIM_MAX_MESSAGES: '1000000',
      ...(options.callbackUrl ? { AT_SIM_CALLBACK_URL: options.callbackUrl } : {}),
    },
    healthPath: '/healthz',
  });
}

interface WorkerOptions {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  simulatorUrl: string;
  /** Worker variables that differ from production's defaults in this measurement. */
  overrides?: Record<string, string>;
}

/** apps/worker sending to the simulator. */
export async function startWorker(options: WorkerOptions): Promise<AppProcess> {
  const port = await freePort();
  return startAppProcess({
    name: options.name,
    script: 'apps/worker/src/main.ts',
    port,
    env: {
      ...production,
      ...loopbackHttp,
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      QUEUE_PREFIX: options.queuePrefix,
      AT_BASE_URL: options.simulatorUrl,
      AT_USERNAME: 'sandbox',
      AT_API_KEY: SIMULATOR_API_KEY,
      // Every order of a run is one customer's: a daily cap would suppress all but its first SMS.
      SMS_DAILY_CAP_PER_CUSTOMER: '0',
      ...options.overrides,
    },
    healthPath: '/readyz',
  });
}
