import type { Static, TObject } from 'typebox';
import { Value } from 'typebox/value';

/** Thrown when the environment does not satisfy an app's schema; one line per bad variable. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses `env` against `schema` once, at boot: strings are coerced to the schema's types,
 * defaults are filled in, and every problem is reported at once, naming the variable.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 */
export function loadConfig<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): Static<T> {
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const raw = env[key];
    if (raw !== undefined && raw !== '') {
      input[key] = raw;
    }
  }
  const value = Value.Default(schema, Value.Convert(schema, input));
  const problems = [...Value.Errors(schema, value)].flatMap((error) => describeError(schema, error));
  if (problems.length > 0) {
    throw new ConfigError([...new Set(problems)]);
  }
  return value as Static<T>;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: unknown;
  message: string;
}

function describeError(schema: TObject, error: SchemaError): string[] {
  if (error.keyword === 'required') {
    const missing = (error.params as { requiredProperties?: string[] }).requiredProperties ?? [];
    return missing.map((name) => `${name} is required: ${describeVariable(schema, name)}`);
  }
  const name = error.instancePath.split('/')[1] ?? '';
  return [`${name} ${error.message}: ${describeVariable(schema, name)}`];
}

function describeVariable(schema: TObject, name: string): string {
  const property = schema.properties[name] as { description?: string } | undefined;
  return property?.description ?? 'see .env.example';
}
