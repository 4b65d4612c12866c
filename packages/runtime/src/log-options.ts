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
 * The logger options every app starts from (pino, or Fastify's `logger`): the `err` serializer
 * that keeps query parameters and quoted rows out of logs, and the redaction of credentials.
 * An app adds its own (level, transport, a `req` serializer) over them.
 */
export const logOptions = {
  serializers: { err: serializeError },
  redact: { paths: redactedPaths, censor: '[redacted]' },
} satisfies LoggerOptions;
