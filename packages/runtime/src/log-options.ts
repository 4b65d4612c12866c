import { isSpanContextValid, trace } from '@opentelemetry/api';
import type { LoggerOptions } from 'pino';
import { serializeError } from './serialize-error.ts';

/**
 * Where credentials would sit in a logged object: request headers (bearer tokens, session
 * cookies, Africa's Talking's `apiKey`) and the cookies a response sets. No app's serializer
 * writes headers today; these paths keep a future one, or a line that logs headers, clean.
 */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers.apikey',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers.apikey',
];

/**
 * The ids of the active span, under OpenTelemetry's names for log records, so a line leads to its
 * trace and a trace to its lines. Nothing with tracing off (there is never an active span then).
 */
function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) {
    return {};
  }
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

/**
 * The logger options every app starts from (pino, or Fastify's `logger`): the `err` serializer
 * that keeps query parameters and quoted rows out of logs, the redaction of credentials, and the
 * trace and span ids of the active span on every line. An app adds its own (level, transport, a
 * `req` serializer) over them.
 */
export const logOptions = {
  serializers: { err: serializeError },
  redact: { paths: redactedPaths, censor: '[redacted]' },
  mixin: traceFields,
} satisfies LoggerOptions;

/**
 * Readable lines for a person at a terminal (pino-pretty), JSON everywhere else: in production
 * always, and under bin/dev, whose bin/lib/run-app prints the JSON readable itself.
 */
export function terminalTransport(nodeEnv: string): Pick<LoggerOptions, 'transport'> {
  return process.stdout.isTTY && nodeEnv !== 'production'
    ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }
    : {};
}
