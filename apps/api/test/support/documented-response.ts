import type { LightMyRequestResponse } from 'fastify';
import type { Operation, SchemaValidator } from './openapi-operations.ts';

/**
 * How an answer departs from what the document promises for its operation, or undefined when it
 * keeps the promise: no 5xx, a documented status, a documented media type (problem+json for
 * every 4xx), and a body valid against the status's schema.
 */
export function undocumentedAnswer(
  operation: Operation,
  response: LightMyRequestResponse,
  validator: SchemaValidator,
): string | undefined {
  const { statusCode: status } = response;
  const mediaType =
    String(response.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  if (status >= 500) {
    return `answered ${status}`;
  }
  const documented = operation.responses.get(status);
  if (!documented) {
    return `answered ${status}, which the document does not list (it lists ${[...operation.responses.keys()].join(', ')})`;
  }
  if (status >= 400 && mediaType !== 'application/problem+json') {
    return `answered ${status} as ${mediaType || 'no media type'}, not application/problem+json`;
  }
  if (documented.mediaTypes.length === 0) {
    return response.rawPayload.length === 0
      ? undefined
      : `answered ${status} with a body the document does not have`;
  }
  if (!documented.mediaTypes.includes(mediaType)) {
    return `answered ${status} as ${mediaType || 'no media type'}, not ${documented.mediaTypes.join(' or ')}`;
  }
  let body: unknown;
  try {
    body = response.json();
  } catch {
    return `answered ${status} with a body that is not JSON`;
  }
  const errors = documented.schema ? validator.errorsOf(documented.schema, body) : undefined;
  return errors ? `answered ${status} with a body the schema refuses: ${errors}` : undefined;
}
