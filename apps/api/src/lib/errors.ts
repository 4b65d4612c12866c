// Typed errors thrown by services. They carry a stable `code` and no HTTP knowledge;
// plugins/app/problem-details.ts turns them into RFC 9457 responses.

/** Every problem code the API answers with, and its HTTP status. Codes are part of the API. */
export const problemCodes = {
  'validation-failed': { status: 400, title: 'The request is not valid' },
  'idempotency-key-invalid': { status: 400, title: 'The Idempotency-Key header is not valid' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'The token lacks the scope this needs' },
  // A customer's own token orders from the catalogue at its prices: no free text, no price of its own.
  'not-for-customers': { status: 403, title: 'Customers cannot do this with their own token' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  'illegal-status-transition': { status: 409, title: 'This status change is not allowed' },
  'order-not-editable': { status: 409, title: 'Only pending orders can be edited' },
  'out-of-stock': { status: 409, title: 'A product does not have the stock the order asks for' },
  'idempotency-in-flight': { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  unprocessable: { status: 422, title: 'The request cannot be processed' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was used with another request body' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemCode = keyof typeof problemCodes;

export interface FieldError {
  /** JSON pointer-ish path of the offending field, e.g. `/phone` or `query/limit`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ProblemCode;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.code = code;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }
}

export const notFound = (what: string, id: string) =>
  new AppError('not-found', `${what} ${id} does not exist`);

export const unprocessable = (field: string, message: string) =>
  new AppError('unprocessable', `${field.replace(/^\//, '')}: ${message}`, { errors: [{ field, message }] });

/** PostgreSQL error code of a driver error, e.g. 23505 unique_violation, 23503 foreign_key_violation. */
export function pgErrorCode(error: unknown): { code?: string; constraint?: string } {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const { code, constraint } = (cause ?? {}) as { code?: string; constraint?: string };
  return { code, constraint };
}
