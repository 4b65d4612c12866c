import fc from 'fast-check';
import {
  holdsUnstorableText,
  hostileRawBodies,
  hostileStrings,
  hostileValue,
  malformedPathSegments,
  malformedQueries,
  wrongContentTypes,
} from './hostile-values.ts';
import type { Operation, SchemaValidator } from './openapi-operations.ts';
import { type FuzzRequest, type RequestContext, urlOf, validRequestArbitrary } from './openapi-requests.ts';

/** A request as it goes on the wire, with what it breaks, and whether it cannot possibly be valid. */
export interface HostileRequest {
  label: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string | undefined;
  /**
   * True when no reading of the document makes it valid (a body its schema refuses, an unknown
   * field, text the database cannot hold, a wrong content type...): it must get a 4xx. A false
   * one may still be valid by luck (a hostile string that is a fine item) and get a 2xx.
   */
  certainlyInvalid: boolean;
}

export interface HostileContext extends RequestContext {
  validator: SchemaValidator;
  bodyLimitBytes: number;
}

/** Percent-encodes UTF-8 the way a client does; a lone surrogate becomes U+FFFD, as on the wire. */
function encodeSegment(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A string as the API reads it back from a URL: a lone surrogate went out as U+FFFD. */
function asSent(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

function queryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`)
    .join('&');
}

function jsonRequest(
  operation: Operation,
  request: FuzzRequest,
  label: string,
  overrides: Partial<HostileRequest> = {},
): HostileRequest {
  return {
    label,
    method: operation.method,
    url: urlOf(operation, request),
    headers: { ...request.headers, ...(operation.body ? { 'content-type': 'application/json' } : {}) },
    payload: operation.body ? JSON.stringify(request.body) : undefined,
    certainlyInvalid: false,
    ...overrides,
  };
}

/** A body with one field (a documented one, or a new one) set to a hostile value. */
function bodyFieldVariant(operation: Operation, context: HostileContext, request: FuzzRequest) {
  const schema = operation.body?.schema ?? {};
  const names = Object.keys((schema.properties as Record<string, unknown> | undefined) ?? {});
  return fc
    .tuple(
      fc.oneof(fc.constantFrom(...names, 'unknownField'), fc.constantFrom(...hostileStrings)),
      hostileValue,
    )
    .map(([name, value]) => {
      const body = { ...(request.body as Record<string, unknown>), [name]: value };
      return jsonRequest(operation, { ...request, body }, `body field ${JSON.stringify(name).slice(0, 40)}`, {
        certainlyInvalid: !context.validator.isValid(schema, body) || holdsUnstorableText(body),
      });
    });
}

function wholeBodyVariant(operation: Operation, context: HostileContext, request: FuzzRequest) {
  const schema = operation.body?.schema ?? {};
  return hostileValue.map((body) =>
    jsonRequest(operation, { ...request, body }, 'whole body', {
      certainlyInvalid: !context.validator.isValid(schema, body) || holdsUnstorableText(body),
    }),
  );
}

function rawBodyVariant(operation: Operation, context: HostileContext, request: FuzzRequest) {
  return hostileRawBodies(request.body, context.bodyLimitBytes).map(({ label, text }) =>
    jsonRequest(operation, request, `raw body: ${label}`, { payload: text, certainlyInvalid: true }),
  );
}

function contentTypeVariant(operation: Operation, request: FuzzRequest) {
  return fc.constantFrom(...wrongContentTypes).map((type) =>
    jsonRequest(operation, request, `content type ${type}`, {
      headers: { ...request.headers, 'content-type': type },
      certainlyInvalid: true,
    }),
  );
}

/** A query with one parameter (documented or not) set to a hostile string. */
function queryValueVariant(operation: Operation, request: FuzzRequest) {
  const documented = operation.parameters.filter((parameter) => parameter.in === 'query').map((p) => p.name);
  return fc
    .tuple(
      fc.constantFrom(...documented, 'unknown', '__proto__', 'constructor'),
      fc.constantFrom(...hostileStrings),
    )
    .map(([name, value]) => {
      const query = { ...request.query, [name]: value };
      const path = urlOf(operation, { ...request, query: {} });
      return jsonRequest(operation, request, `query ${name}=${JSON.stringify(value).slice(0, 30)}`, {
        url: `${path}?${queryString(query)}`,
        // An unknown parameter is refused; an empty one means "no filter" (as a form sends it).
        certainlyInvalid: (!documented.includes(name) || holdsUnstorableText(asSent(value))) && value !== '',
      });
    });
}

function rawQueryVariant(operation: Operation, request: FuzzRequest) {
  const path = urlOf(operation, { ...request, query: {} });
  return fc
    .constantFrom(...malformedQueries)
    .map((query) =>
      jsonRequest(operation, request, `raw query ${query.slice(0, 40)}`, { url: `${path}?${query}` }),
    );
}

/** A path parameter set to a hostile string (encoded) or to a malformed raw segment. */
function pathVariant(operation: Operation, context: HostileContext, request: FuzzRequest) {
  const parameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  return fc
    .tuple(
      fc.constantFrom(...parameters),
      fc.oneof(
        // Not empty: `/v1/orders/` is, by URL rules, the list and not an order without an id.
        fc
          .constantFrom(...hostileStrings.filter((value) => value !== ''))
          .map((value) => ({ raw: encodeSegment(value), value })),
        fc.constantFrom(...malformedPathSegments).map((raw) => ({ raw, value: undefined })),
      ),
    )
    .map(([parameter, { raw, value }]) => {
      const url = urlOf(operation, {
        ...request,
        path: { ...request.path, [parameter.name]: '\u0001' },
      }).replace('%01', raw);
      return jsonRequest(operation, request, `path ${parameter.name}=${raw.slice(0, 40)}`, {
        url,
        certainlyInvalid: value !== undefined && !context.validator.isValid(parameter.schema, asSent(value)),
      });
    });
}

/** Headers no client should send: a token that is no token, an Idempotency-Key too long. */
function headerVariant(operation: Operation, request: FuzzRequest) {
  const idempotent = operation.parameters.some((parameter) => parameter.name === 'idempotency-key');
  const hostileHeaders: Record<string, string>[] = [
    { authorization: 'Bearer' },
    { authorization: 'Bearer not.a.token' },
    { authorization: 'Basic c29rb25pOnNva29uaQ==' },
    { authorization: `Bearer ${'a'.repeat(8_000)}` },
    { authorization: 'bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' },
    ...(idempotent ? [{ 'idempotency-key': 'k'.repeat(300) }] : []),
  ];
  return fc.constantFrom(...hostileHeaders).map((headers) => {
    const plain = jsonRequest(operation, request, `header ${Object.keys(headers)[0]}`);
    return {
      ...plain,
      headers: { ...plain.headers, ...headers },
      // A bad token is refused on a route that needs one; a bad key on a route that reads it.
      certainlyInvalid: 'idempotency-key' in headers || operation.responses.has(401),
    };
  });
}

/** Requests that break one part of a valid request of `operation` in one hostile way. */
export function hostileRequestArbitrary(
  operation: Operation,
  context: HostileContext,
): fc.Arbitrary<HostileRequest> {
  return validRequestArbitrary(operation, context).chain((request) => {
    const hasPath = operation.parameters.some((parameter) => parameter.in === 'path');
    const hasQuery = operation.parameters.some((parameter) => parameter.in === 'query');
    const variants: fc.Arbitrary<HostileRequest>[] = [
      rawQueryVariant(operation, request),
      headerVariant(operation, request),
    ];
    if (operation.body) {
      variants.push(
        bodyFieldVariant(operation, context, request),
        wholeBodyVariant(operation, context, request),
        rawBodyVariant(operation, context, request),
        contentTypeVariant(operation, request),
      );
    }
    if (hasQuery) {
      variants.push(queryValueVariant(operation, request));
    }
    if (hasPath) {
      variants.push(pathVariant(operation, context, request));
    }
    return fc.oneof(...variants);
  });
}
