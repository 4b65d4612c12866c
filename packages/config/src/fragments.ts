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
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
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
