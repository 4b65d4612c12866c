import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Headers a browser app may send, and read from an answer, across origins. */
const REQUEST_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-request-id'];
const RESPONSE_HEADERS = [
  'location',
  'retry-after',
  'www-authenticate',
  'x-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
];

/** The origins of CORS_ORIGINS (comma-separated); none when it is unset. */
function corsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/**
 * CORS for browser apps on the origins of CORS_ORIGINS, and for no origin when it is unset (the
 * default): a browser then refuses every cross-origin call, and server-side clients are not
 * concerned. Credentials are bearer tokens the app adds itself, never cookies, so no origin is
 * sent `Access-Control-Allow-Credentials` (the /admin session cookie stays same-site).
 */
async function crossOrigin(fastify: FastifyInstance) {
  const origins = corsOrigins(fastify.config.CORS_ORIGINS);
  if (origins.length === 0) {
    return;
  }
  await fastify.register(cors, {
    origin: origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: RESPONSE_HEADERS,
    credentials: false,
    maxAge: 600,
  });
}

export default fp(crossOrigin, { name: 'cors', dependencies: ['config'] });
