import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type FieldError } from '../../lib/errors.ts';
import { nestsDeeperThan } from '../../lib/json-depth.ts';
import { duplicateKey } from '../../lib/json-duplicate-keys.ts';

const shared: Options = {
  // TypeBox 1.x schemas are plain JSON Schema; strict mode would reject their extra annotations.
  strict: false,
  allErrors: true,
  useDefaults: true,
  // Unknown fields are errors (additionalProperties: false), never silently dropped.
  removeAdditional: false,
};

function createAjv(options: Options) {
  const ajv = new Ajv.default({ ...shared, ...options });
  addFormats.default(ajv);
  return ajv;
}

/**
 * Why PostgreSQL could not store `text` (text and jsonb take neither U+0000 nor a lone surrogate,
 * which a JSON `\ud800` escape yields), or undefined when it can.
 */
function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'must not contain U+0000';
  }
  return text.isWellFormed() ? undefined : 'must be well-formed Unicode (no lone surrogate)';
}

/** Every string (value or key) under `value` that PostgreSQL cannot store, as `{ field, message }`. */
function unstorableTextFields(value: unknown, path: string): FieldError[] {
  const field = (key: string) => (path ? `${path}/${key}` : key);
  if (typeof value === 'string') {
    const message = unstorable(value);
    return message ? [{ field: path || '(root)', message }] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => unstorableTextFields(item, field(String(index))));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const message = unstorable(key);
      return message ? [{ field: field(key), message }] : unstorableTextFields(item, field(key));
    });
  }
  return [];
}

/**
 * Two validators: bodies are checked as sent (a JSON number is not a string, "5" is not 5),
 * while path, query and header values, which are always strings on the wire, are coerced.
 */
/** Deepest nesting a JSON body may have: far more than any request of this API needs. */
const MAX_JSON_DEPTH = 32;

async function validation(fastify: FastifyInstance) {
  // JSON bodies are parsed as Fastify does (prototype poisoning refused), after a nesting check.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      const message = `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`;
      done(
        new AppError('validation-failed', `the body ${message}`, { errors: [{ field: '(root)', message }] }),
        undefined,
      );
      return;
    }
    parseJson(request, text, (error, value) => {
      const key = error ? undefined : duplicateKey(text);
      if (key !== undefined) {
        const message = `names the key ${JSON.stringify(key)} more than once in one object`;
        done(
          new AppError('validation-failed', `the body ${message}`, {
            errors: [{ field: '(root)', message }],
          }),
          undefined,
        );
        return;
      }
      done(error, value);
    });
  });

  const strict = createAjv({ coerceTypes: false });
  const coercing = createAjv({ coerceTypes: true });
  fastify.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object),
  );
  // PostgreSQL text and jsonb cannot hold U+0000 or a lone surrogate: a value carrying one would
  // fail in the database as a 500, so it is refused before any route sees it, whatever the
  // route's schema allows.
  fastify.addHook('preValidation', async (request) => {
    // An empty filter (`?status=`, as an HTML form sends an unused field) means no filter.
    const query = request.query as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === '') {
        delete query?.[key];
      }
    }
    // Only the parts the route reads (has a schema for): a probe ignores its query string.
    const schema = request.routeOptions.schema ?? {};
    const errors = [
      ...(schema.params ? unstorableTextFields(request.params, 'params') : []),
      ...(schema.querystring ? unstorableTextFields(request.query, 'query') : []),
      ...(schema.body ? unstorableTextFields(request.body, '') : []),
    ];
    if (errors.length > 0) {
      throw new AppError('validation-failed', errors.map((e) => `${e.field} ${e.message}`).join('; '), {
        errors,
      });
    }
  });
}

export default fp(validation, { name: 'validation' });
