import { createHash } from 'node:crypto';
import { once } from 'node:events';
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import { outageWarningIntervalMs, settlesWithin, throttled } from '@sokoni/runtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { systemActor } from '../../features/auth/actor.ts';
import { AppError } from '../../lib/errors.ts';
import { problemResponses } from '../../schemas/common.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route writes an SMS the customer will be sent (an order, a status change, a resend):
     * each caller's calls to such routes share the tighter RATE_LIMIT_ORDER_WRITES_PER_MINUTE.
     */
    owesSms?: boolean;
  }
}

const WINDOW_MS = 60_000;

/** Longest the start waits for the limiter's Redis connection (ms). */
const STARTUP_WAIT_MS = 2000;

/**
 * Routes no caller is limited on: probes and scrapes (a 429 would read as an outage), the API's
 * documentation, and the delivery-report webhook, whose one caller is Africa's Talking (its
 * secret guards it; limiting it would drop reports, not abuse).
 */
const UNLIMITED_PATHS = [/^\/healthz$/, /^\/readyz$/, /^\/metrics$/, /^\/docs(\/|$)/, /^\/v1\/webhooks\//];

/**
 * Who a request counts against: the token's subject (`request.actor.id`, the client id for a
 * machine token), or the client address when the route needed no token (an IPv6 address by its
 * /64, which one host usually holds whole). Hashed, so Redis holds no user or client identifier.
 * Runs after the auth plugin's onRequest hook (route hooks follow instance hooks), so a token
 * that is refused never reaches the limiter.
 */
function callerOf(request: FastifyRequest): string {
  const caller =
    request.actor === systemActor ? `ip:${normalizeIP(request.ip)}` : `subject:${request.actor.id}`;
  return createHash('sha256').update(caller).digest('base64url').slice(0, 22);
}

/**
 * Requests per minute per caller, counted in Redis so every replica draws on the same budget
 * (@fastify/rate-limit's Redis store: one EVALSHA per request, INCR and PEXPIRE/PTTL in a Lua
 * script). Answers carry the draft `RateLimit-Limit/Remaining/Reset` headers; a caller over its
 * budget gets a 429 problem with `Retry-After`. Redis down or slow (past RATE_LIMIT_TIMEOUT_MS)
 * lets the request through uncounted: the limiter must never turn a Redis outage into failed
 * orders, which the outbox takes without Redis.
 */
async function rateLimiting(fastify: FastifyInstance) {
  const { config } = fastify;
  if (config.RATE_LIMIT_PER_MINUTE === 0) {
    return;
  }
  const orderWrites = config.RATE_LIMIT_ORDER_WRITES_PER_MINUTE;

  const warnRedisDown = throttled(outageWarningIntervalMs, (error: Error) =>
    fastify.log.warn({ err: error }, 'redis unavailable for the rate limiter; requests go through uncounted'),
  );
  const redis = new Redis(config.REDIS_URL, {
    // Fail at once while disconnected rather than queue the count, and never wait long for it.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: config.RATE_LIMIT_TIMEOUT_MS,
    connectTimeout: Math.max(config.RATE_LIMIT_TIMEOUT_MS, 1000),
  });
  redis.on('error', warnRedisDown);
  // Without an offline queue, counts asked before the connection is up are skipped: wait for it
  // before taking requests, but never let a Redis that is down hold up the start.
  fastify.addHook('onReady', async () => {
    if (redis.status !== 'ready') {
      await settlesWithin(once(redis, 'ready'), STARTUP_WAIT_MS);
    }
  });
  fastify.addHook('onClose', () => {
    redis.disconnect();
  });

  const tooManyRequests = problemResponses(429)[429];
  // Runs before @fastify/rate-limit's own onRoute hook (registered below), which reads
  // `config.rateLimit` to leave a route out.
  fastify.addHook('onRoute', (route) => {
    if (UNLIMITED_PATHS.some((path) => path.test(route.url))) {
      route.config = { ...route.config, rateLimit: false };
      return;
    }
    if (route.schema?.response !== undefined) {
      route.schema = { ...route.schema, response: { ...route.schema.response, 429: tooManyRequests } };
    }
  });

  // One counter per caller and budget, so one Redis call per request: the routes that owe an SMS
  // draw on `sms:`, every other route on `all:`.
  const budgetOf = (request: FastifyRequest) =>
    request.routeOptions.config.owesSms === true && orderWrites > 0 ? 'sms' : 'all';
  await fastify.register(rateLimit, {
    global: true,
    redis,
    nameSpace: `${config.QUEUE_PREFIX}:rate-limit:`,
    skipOnError: true,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => `${budgetOf(request)}:${callerOf(request)}`,
    max: (_request, key) => (key.startsWith('sms:') ? orderWrites : config.RATE_LIMIT_PER_MINUTE),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'too-many-requests',
        `more than ${context.max} requests a minute from this caller; retry in ${context.after}`,
      ),
  });
}

export default fp(rateLimiting, { name: 'rate-limit', dependencies: ['config', 'auth', 'problem-details'] });
