import { stdSerializers } from 'pino';

/**
 * Fields of a PostgreSQL error (node-postgres `DatabaseError`) that may quote row values:
 * `detail` ("Key (phone)=(+2547…) already exists", "Failing row contains (…)") and `where`.
 * The code, message, constraint, table and column say what failed without them.
 */
const rowQuotingFields = ['detail', 'where', 'internalQuery'] as const;

/** What pino writes for an error (and what Fastify's logger types expect of an `err` serializer). */
export interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** Drizzle's DrizzleQueryError: its message ends in "\nparams: " and every bound value. */
interface QueryError {
  query: string;
  params: unknown;
}

function isErrorLike(value: unknown): value is Error {
  return value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value);
}

function isQueryError(value: unknown): value is Error & QueryError {
  return isErrorLike(value) && typeof (value as Partial<QueryError>).query === 'string' && 'params' in value;
}

function isDatabaseError(value: unknown): boolean {
  return isErrorLike(value) && typeof (value as { severity?: unknown }).severity === 'string';
}

/** The error and its causes, outermost first (bounded: a cause chain can loop). */
function chainOf(error: Error): Error[] {
  const chain: Error[] = [];
  for (let current: unknown = error; isErrorLike(current) && chain.length < 10; current = current.cause) {
    if (chain.includes(current)) {
      break;
    }
    chain.push(current);
  }
  return chain;
}

/** The "\nparams: …" tail of a query error's message, exactly as Drizzle wrote it. */
function paramsTailOf(error: QueryError): string {
  try {
    return `\nparams: ${String(error.params)}`;
  } catch {
    return '\nparams: ';
  }
}

function cutAll(text: unknown, tails: string[]): unknown {
  if (typeof text !== 'string') {
    return text;
  }
  return tails.reduce((rest, tail) => (tail === '' ? rest : rest.split(tail).join('')), text);
}

/** A message logged as a string (not an Error): anything after a query's "params:" goes. */
function withoutQueryParams(text: string): string {
  return text.replace(/(Failed query: [\s\S]*?)\nparams: [\s\S]*$/, '$1');
}

/**
 * The logger's `err` serializer for every app: pino's standard one (type, message and stack with
 * their causes, the error's own fields), minus what would copy personal data into logs. A failed
 * Drizzle query keeps its SQL text but loses its bound parameters (names, phone numbers and
 * e-mail addresses of a customer insert), both the `params` field and the message's "params:"
 * tail; a PostgreSQL error keeps its code, message and constraint but loses the row it quotes.
 * The database cause is kept as `cause` (code and message), which pino would otherwise only fold
 * into the message.
 */
export function serializeError(value: Error): SerializedError;
export function serializeError(value: unknown): unknown;
export function serializeError(value: unknown): unknown {
  if (typeof value === 'string') {
    return withoutQueryParams(value);
  }
  if (!isErrorLike(value)) {
    return value;
  }
  const chain = chainOf(value);
  const tails = chain.filter(isQueryError).map(paramsTailOf);
  const serialized = stdSerializers.err(value) as unknown as Record<string, unknown>;
  serialized.message = cutAll(serialized.message, tails);
  serialized.stack = cutAll(serialized.stack, tails);
  delete serialized.params;
  if (isDatabaseError(value)) {
    for (const field of rowQuotingFields) {
      delete serialized[field];
    }
  }
  const database = chain.slice(1).find(isDatabaseError) as (Error & Record<string, unknown>) | undefined;
  if (database) {
    serialized.cause = {
      type: database.constructor.name,
      message: database.message,
      code: database.code,
      constraint: database.constraint,
    };
  }
  return serialized;
}
