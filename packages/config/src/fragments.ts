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

/** OpenTelemetry sampler names (the SDK's `OTEL_TRACES_SAMPLER`). */
const samplers = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;

/**
 * OpenTelemetry traces, read under the SDK's standard names. Off unless an exporter is named or an
 * OTLP endpoint is given: then the app's `--import` (src/instrumentation.ts) starts the SDK before
 * anything else is loaded. The OTLP exporter itself also reads the SDK's other
 * `OTEL_EXPORTER_OTLP_*` variables (headers, timeout, compression, a traces-only endpoint).
 */
export const tracing = {
  OTEL_TRACES_EXPORTER: Type.Optional(
    Type.Union([Type.Literal('otlp'), Type.Literal('console'), Type.Literal('none')], {
      description:
        'where spans go: otlp, console (stdout, for a look on one machine) or none; unset: otlp when ' +
        'OTEL_EXPORTER_OTLP_ENDPOINT is set, else none (no tracing at all)',
    }),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
    Type.String({
      pattern: '^https?://',
      description:
        'base URL of the OTLP/HTTP collector, e.g. http://otel-collector:4318 (spans go to <url>/v1/traces); ' +
        'setting it turns tracing on',
    }),
  ),
  OTEL_EXPORTER_OTLP_PROTOCOL: Type.Union([Type.Literal('http/protobuf'), Type.Literal('http/json')], {
    default: 'http/protobuf',
    description: 'OTLP encoding over HTTP: http/protobuf or http/json (gRPC is not built in)',
  }),
  OTEL_SERVICE_NAME: Type.Optional(
    Type.String({
      minLength: 1,
      description: 'service.name of the spans; unset: sokoni-api or sokoni-worker',
    }),
  ),
  OTEL_TRACES_SAMPLER: Type.Union(
    samplers.map((name) => Type.Literal(name)),
    {
      default: 'parentbased_traceidratio',
      description: `which traces are kept: ${samplers.join(', ')}`,
    },
  ),
  OTEL_TRACES_SAMPLER_ARG: Type.Number({
    default: 1,
    minimum: 0,
    maximum: 1,
    description: 'share of new traces kept by the traceidratio samplers, 0 to 1',
  }),
  OTEL_BSP_SCHEDULE_DELAY: Type.Integer({
    default: 5000,
    minimum: 1,
    description: 'ms between two exports of the finished spans',
  }),
};
