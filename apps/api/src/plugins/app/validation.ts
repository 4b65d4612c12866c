import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

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
 * Two validators: bodies are checked as sent (a JSON number is not a string, "5" is not 5),
 * while path, query and header values, which are always strings on the wire, are coerced.
 */
async function validation(fastify: FastifyInstance) {
  const strict = createAjv({ coerceTypes: false });
  const coercing = createAjv({ coerceTypes: true });
  fastify.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema as object),
  );
}

export default fp(validation, { name: 'validation' });
