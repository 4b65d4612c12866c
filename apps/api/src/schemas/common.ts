import { type TSchema, Type } from 'typebox';

// Shared schema primitives. Every route composes its params, query, body and responses from
// these and its feature's schemas; OpenAPI is generated from the same objects.

export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

/** Rows carry Dates; the serializer writes them as ISO 8601 strings. */
export const Timestamp = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/**
 * A time to filter on: an RFC 3339 date-time, or a plain date meaning its midnight UTC
 * (`2026-11-30` is `2026-11-30T00:00:00Z`), as people write in a query string.
 */
export const TimeFilter = (description: string) =>
  Type.String({
    anyOf: [{ format: 'date-time' }, { format: 'date' }],
    description: `${description}: a date-time, or a date (its midnight UTC)`,
  });

/** Money as a decimal string: up to 10 integer digits and 2 decimals, greater than zero. */
export const Money = Type.String({
  pattern: '^(?!0+(?:\\.0+)?$)\\d{1,10}(?:\\.\\d{1,2})?$',
  description: 'decimal string greater than 0 with at most 2 decimals, e.g. "1500.50"',
  examples: ['1500.50'],
});

export const CurrencyCode = Type.String({
  pattern: '^[A-Z]{3}$',
  description: 'ISO 4217 code',
  examples: ['KES'],
});

export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20, description: 'page size, at most 100' }),
  cursor: Type.Optional(
    Type.String({ maxLength: 200, description: 'nextCursor of the previous page; keep the same filters' }),
  ),
};

export const Page = <T extends TSchema>(item: T, name: string) =>
  Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'null on the last page' }),
    },
    { $id: undefined, title: name },
  );

const Problem = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of problem' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String({ description: 'request id, also in the x-request-id header' }),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'one entry per invalid field',
      }),
    ),
  },
  { additionalProperties: true, title: 'Problem', description: 'RFC 9457 problem details' },
);

/**
 * Response schemas for the error statuses a route can send, beside its success responses. Errors
 * are `application/problem+json` (plugins/app/problem-details.ts), and the document says so.
 */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    [...new Set([400, 500, ...statuses])].map((status) => [
      status,
      { description: 'problem details', content: { 'application/problem+json': { schema: Problem } } },
    ]),
  );
}
