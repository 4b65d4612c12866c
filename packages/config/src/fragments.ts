import { Type } from 'typebox';

// Environment fragments that several apps share. Each app composes its own schema from these
// (see apps/*/src/config.ts), so one variable means the same thing everywhere.

export const nodeEnv = {
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('test'), Type.Literal('production')], {
    default: 'development',
    description: 'development | test | production',
  }),
};

export const logging = {
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info', description: 'pino log level: fatal, error, warn, info, debug, trace or silent' },
  ),
};

export const database = {
  DATABASE_URL: Type.String({
    pattern: '^postgres(ql)?://',
    description: 'PostgreSQL connection URL, e.g. postgres://user:pass@host:5432/sokoni',
  }),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, default: 10, description: 'connections per process' }),
};

export const redis = {
  REDIS_URL: Type.String({
    pattern: '^rediss?://',
    description: 'Redis connection URL, e.g. redis://host:6379 (rediss:// for TLS)',
  }),
  QUEUE_PREFIX: Type.String({
    default: 'bull',
    pattern: '^[^:]+$',
    description: "BullMQ key prefix; use a hash tag such as '{sokoni}' on Redis Cluster",
  }),
};

export const http = (defaultPort: number) => ({
  HOST: Type.String({ default: '0.0.0.0', description: 'address to listen on' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort, description: 'port to listen on' }),
});

/** How SMS jobs retry and how long Redis keeps finished ones; producers (api, relay) and the worker share it. */
export const smsJobs = {
  SMS_ATTEMPTS: Type.Integer({
    minimum: 1,
    default: 8,
    description: 'send attempts per SMS for transient failures (exponential backoff with jitter)',
  }),
  SMS_BACKOFF_MS: Type.Integer({
    minimum: 100,
    default: 2000,
    description: 'first retry delay; doubles each attempt',
  }),
  SMS_KEEP_COMPLETED_COUNT: Type.Integer({
    minimum: 0,
    default: 1000,
    description: 'finished jobs kept in Redis (PostgreSQL keeps the history)',
  }),
  SMS_KEEP_COMPLETED_AGE_S: Type.Integer({
    minimum: 0,
    default: 3600,
    description: 'seconds finished jobs are kept',
  }),
  SMS_KEEP_FAILED_COUNT: Type.Integer({
    minimum: 0,
    default: 10000,
    description: 'failed jobs kept in Redis',
  }),
  SMS_KEEP_FAILED_AGE_S: Type.Integer({
    minimum: 0,
    default: 7 * 24 * 3600,
    description: 'seconds failed jobs are kept',
  }),
};
