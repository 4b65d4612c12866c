import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** A JSON Schema as the OpenAPI document carries it (TypeBox's output, references inlined). */
export type JsonSchema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
}

export interface DocumentedResponse {
  /** Media types the document lists for this status; empty for a response without a body (204). */
  mediaTypes: string[];
  schema: JsonSchema | undefined;
}

/** One operation of the OpenAPI document: what the fuzz generates requests for and checks answers against. */
export interface Operation {
  method: string;
  /** The document's path template, e.g. `/v1/orders/{id}`. */
  path: string;
  parameters: Parameter[];
  body: { required: boolean; mediaType: string; schema: JsonSchema } | undefined;
  responses: Map<number, DocumentedResponse>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** Every operation of the document, in its order. */
export function documentedOperations(document: unknown): Operation[] {
  const { paths } = document as OpenApiDocument;
  return Object.entries(paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => {
        const [mediaType, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
        return {
          method: method.toUpperCase(),
          path,
          parameters: operation.parameters ?? [],
          body:
            mediaType && content
              ? { required: operation.requestBody?.required ?? false, mediaType, schema: content.schema }
              : undefined,
          responses: new Map(
            Object.entries(operation.responses ?? {}).map(([status, response]) => [
              Number(status),
              {
                mediaTypes: Object.keys(response.content ?? {}),
                schema: Object.values(response.content ?? {})[0]?.schema,
              },
            ]),
          ),
        };
      }),
  );
}

/** The document's shared schemas (a recursive one, such as a tree, is a `$ref` to them). */
export function componentsOf(document: unknown): JsonSchema {
  return (document as { components?: JsonSchema }).components ?? {};
}

/**
 * The validator the API itself uses (ajv with formats), so "valid" means the same on both sides.
 * A schema's `#/components/...` references resolve against the document's `components`.
 */
export function createSchemaValidator(components: JsonSchema = {}) {
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compiled = new WeakMap<JsonSchema, ValidateFunction>();
  const validatorOf = (schema: JsonSchema) => {
    let validate = compiled.get(schema);
    if (!validate) {
      // The schema is the root its references start from, so it carries the document's components.
      validate = ajv.compile({ ...schema, components });
      compiled.set(schema, validate);
    }
    return validate;
  };
  return {
    /** The schema a `#/components/...` reference names. */
    resolve: (ref: string): JsonSchema => {
      const found = ref
        .replace(/^#\/components\//, '')
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], components);
      if (!found) {
        throw new Error(`the document has no ${ref}`);
      }
      return found as JsonSchema;
    },
    /** Whether `value` is valid against `schema`. */
    isValid: (schema: JsonSchema, value: unknown) => validatorOf(schema)(value) === true,
    /** ajv's errors of `value` against `schema` as text, or undefined when it is valid. */
    errorsOf: (schema: JsonSchema, value: unknown) => {
      const validate = validatorOf(schema);
      return validate(value) ? undefined : ajv.errorsText(validate.errors);
    },
  };
}

export type SchemaValidator = ReturnType<typeof createSchemaValidator>;
