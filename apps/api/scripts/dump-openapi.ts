// Writes the API's OpenAPI document, as /docs/json serves it, to a file (default
// packages/api-client/openapi.json): `pnpm openapi:dump [path]`. The app is built but never
// listens; PostgreSQL and Redis need not be up. The OIDC issuer is the development one, so the
// document is the same on every machine: its OAuth URLs are for /docs, not for the client.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadApiConfig } from '../src/config.ts';

const out = resolve(
  process.argv[2] ?? resolve(import.meta.dirname, '../../../packages/api-client/openapi.json'),
);

const config = loadApiConfig({
  NODE_ENV: 'development',
  LOG_LEVEL: 'silent',
  DATABASE_URL: 'postgres://sokoni@127.0.0.1:1/sokoni',
  REDIS_URL: 'redis://127.0.0.1:1',
  AT_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
  ADMIN_SESSION_SECRET: randomBytes(32).toString('hex'),
  OIDC_ISSUER: 'http://localhost:3001',
  OIDC_HTTP_TIMEOUT_MS: '100',
});
const app = await buildApp(config);
await app.ready();
const document = app.swagger();
await app.close();
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
console.log(`wrote ${out}`);
