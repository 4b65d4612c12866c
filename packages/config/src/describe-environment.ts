import type { TObject } from 'typebox';

/** One variable an app reads, as documents and deployment files must name it. */
export interface EnvironmentVariable {
  name: string;
  description: string;
  /** The value used when it is unset, as the environment would spell it; absent when there is none. */
  default?: string;
  /** Whether the app refuses to start without it. */
  required: boolean;
}

/**
 * The variables of an app's environment schema, for the world outside the app: each app prints
 * them when its `src/config.ts` is run as a program. A default the app computes when it loads
 * (from other variables) is given in `derivedDefaults`.
 */
export function describeEnvironment(
  schema: TObject,
  derivedDefaults: Record<string, string> = {},
): EnvironmentVariable[] {
  const required = new Set<string>(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const { default: schemaDefault, description } = property as { default?: unknown; description?: string };
    const fallback = schemaDefault === undefined ? derivedDefaults[name] : String(schemaDefault);
    return {
      name,
      description: description ?? '',
      ...(fallback === undefined ? {} : { default: fallback }),
      required: required.has(name) && fallback === undefined,
    };
  });
}
