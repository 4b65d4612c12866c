import fc from 'fast-check';
import type { JsonSchema, SchemaValidator } from './openapi-operations.ts';

export interface ArbitraryContext {
  validator: SchemaValidator;
  /** Ids of rows that exist: a `uuid` is one of them as often as it is a fresh one. */
  knownIds: readonly string[];
}

// Text that a valid string may hold: emoji, right-to-left marks, combining characters, a BOM.
// No U+0000 (the API refuses it everywhere, a rule of the database) and no lone surrogate
// (JSON.stringify escapes it, and the database cannot store it either).
const awkwardText = fc.constantFrom(
  'Wanjiku 👩🏽‍💻',
  'מִשְׁלוֹחַ\u200f',
  'سوكوني\u202b',
  'e\u0301\u0301',
  '\ufeffKES',
  '🇰🇪',
  'Ω≈ç√∫',
);

/** Strings of `schema`'s length, a mix of ASCII, any unicode and awkward text. */
function textArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 60, minLength + 60);
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ minLength, maxLength, unit: 'grapheme' }),
    awkwardText,
  );
}

// Years the database can compare (0001 to 9999): the API refuses others with a 400 of its own.
const storableDate = fc.date({
  min: new Date('0001-01-01T00:00:00Z'),
  max: new Date('9999-12-31T23:59:59Z'),
  noInvalidDate: true,
});

function stringArbitrary(schema: JsonSchema, context: ArbitraryContext): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return context.knownIds.length > 0
        ? fc.oneof(fc.constantFrom(...context.knownIds), fc.uuid())
        : fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return storableDate.map((date) => date.toISOString());
    case 'date':
      return storableDate.map((date) => date.toISOString().slice(0, 10));
  }
  if (typeof schema.pattern === 'string') {
    // fast-check cannot generate from a look-ahead: generate without it, keep what matches.
    const generable = schema.pattern.replace(/\(\?[!=][^)]*\)[^)]*\)?/g, '');
    try {
      return fc.oneof(fc.stringMatching(new RegExp(generable)), textArbitrary(schema));
    } catch {
      return textArbitrary(schema);
    }
  }
  return textArbitrary(schema);
}

/** The schema without `key`, for a branch of anyOf that refines its parent. */
function without(schema: JsonSchema, key: string): JsonSchema {
  const { [key]: _, ...rest } = schema;
  return rest;
}

function generatorFor(schema: JsonSchema, context: ArbitraryContext): fc.Arbitrary<unknown> {
  if (typeof schema.$ref === 'string') {
    return generatorFor(context.validator.resolve(schema.$ref), context);
  }
  if ('const' in schema) {
    return fc.constant(schema.const);
  }
  if (Array.isArray(schema.enum)) {
    return fc.constantFrom(...(schema.enum as unknown[]));
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) {
      const parent = without(schema, key);
      return fc.oneof(
        ...(branches as JsonSchema[]).map((branch) => validArbitrary({ ...parent, ...branch }, context)),
      );
    }
  }
  if (Array.isArray(schema.type)) {
    return fc.oneof(...(schema.type as string[]).map((type) => validArbitrary({ ...schema, type }, context)));
  }
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema, context);
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -(2 ** 31),
        max: (schema.maximum as number | undefined) ?? 2 ** 31 - 1,
      });
    case 'number':
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1e9,
        max: (schema.maximum as number | undefined) ?? 1e9,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validArbitrary((schema.items as JsonSchema | undefined) ?? {}, context), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 5, 5),
      });
    case 'object': {
      const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [name, validArbitrary(property, context)]),
        ),
        { requiredKeys: (schema.required as string[] | undefined) ?? [] },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * Values valid against `schema`, as the API's own validator judges them (ajv with formats):
 * built from the schema's types, bounds, formats, patterns and examples, then filtered by it.
 */
export function validArbitrary(schema: JsonSchema, context: ArbitraryContext): fc.Arbitrary<unknown> {
  const examples = Array.isArray(schema.examples) ? (schema.examples as unknown[]) : [];
  const generated = generatorFor(schema, context);
  const arbitrary = examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), generated) : generated;
  return arbitrary.filter((value) => context.validator.isValid(schema, value));
}
