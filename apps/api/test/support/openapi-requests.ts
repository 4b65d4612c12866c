import fc from 'fast-check';
import type { Operation, Parameter } from './openapi-operations.ts';
import { type ArbitraryContext, validArbitrary } from './schema-arbitraries.ts';

/** A request as the fuzz sends it: parts kept apart so a hostile variant can replace one. */
export interface FuzzRequest {
  method: string;
  /** Path parameters by name, unencoded. */
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The JSON value of the body, when the operation takes one. */
  body?: unknown;
}

export interface RequestContext extends ArbitraryContext {
  /** Values a path parameter of this name should often take (the webhook's secret). */
  knownPathValues?: Readonly<Record<string, readonly string[]>>;
  /**
   * Parameters whose valid values only the API hands out (a page's `nextCursor`), by parameter
   * name and then by operation path: a valid request takes one the API gave for that operation,
   * or leaves the parameter out, since any other string is, by the document's word, not valid.
   */
  opaqueValues?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/** Header values travel as visible ASCII; the Idempotency-Key is 1 to 255 of them (its description). */
const headerValue = fc.string({
  minLength: 1,
  maxLength: 80,
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
});

function wireString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function parameterArbitrary(
  operation: Operation,
  parameter: Parameter,
  context: RequestContext,
): fc.Arbitrary<string> {
  if (parameter.in === 'header') {
    return headerValue;
  }
  const opaque = context.opaqueValues?.[parameter.name]?.[operation.path];
  if (opaque && opaque.length > 0) {
    return fc.constantFrom(...opaque);
  }
  const known = parameter.in === 'path' ? context.knownPathValues?.[parameter.name] : undefined;
  const generated = validArbitrary(parameter.schema, context).map(wireString);
  return known && known.length > 0 ? fc.oneof(fc.constantFrom(...known), generated) : generated;
}

/** The parameters of one location as a record, required ones always present. */
function partArbitrary(
  operation: Operation,
  location: Parameter['in'],
  context: RequestContext,
): fc.Arbitrary<Record<string, string>> {
  const parameters = operation.parameters.filter(
    (parameter) =>
      parameter.in === location &&
      // An opaque parameter the API gave no value for, for this operation, stays out.
      (!context.opaqueValues?.[parameter.name] ||
        (context.opaqueValues[parameter.name]?.[operation.path]?.length ?? 0) > 0),
  );
  return fc.record(
    Object.fromEntries(
      parameters.map((parameter) => [parameter.name, parameterArbitrary(operation, parameter, context)]),
    ),
    {
      requiredKeys: parameters
        .filter((parameter) => parameter.required || parameter.in === 'path')
        .map((parameter) => parameter.name),
    },
  );
}

/** Requests the document says are valid: every part generated from its schema. */
export function validRequestArbitrary(
  operation: Operation,
  context: RequestContext,
): fc.Arbitrary<FuzzRequest> {
  const body: fc.Arbitrary<unknown> = operation.body
    ? validArbitrary(operation.body.schema, context)
    : fc.constant(undefined);
  return fc
    .record({
      path: partArbitrary(operation, 'path', context),
      query: partArbitrary(operation, 'query', context),
      headers: partArbitrary(operation, 'header', context),
      body,
    })
    .map(({ body, ...parts }) => ({
      method: operation.method,
      ...parts,
      ...(operation.body ? { body } : {}),
    }));
}

/** The URL of a request: the path template filled in (percent-encoded) and the query string. */
export function urlOf(operation: Operation, request: FuzzRequest): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(request.path[name] ?? ''),
  );
  const query = new URLSearchParams(request.query).toString();
  return query ? `${path}?${query}` : path;
}
