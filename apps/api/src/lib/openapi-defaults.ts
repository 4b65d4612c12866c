/** The parts of an OpenAPI document this file reads: operations and their parameters. */
type Parameter = { in?: string; required?: boolean; schema?: { default?: unknown } };
type Paths = Record<string, Record<string, { parameters?: Parameter[] } | unknown> | undefined>;

/**
 * Marks every query parameter that has a default as not required. TypeBox makes a property with
 * a default required in its schema, as it is once Fastify has filled the default in; but a client
 * may leave it out, and a generated client that believes the document would make callers send
 * `limit=20` on every list.
 */
export function queryDefaultsOptional<T extends { paths?: Paths }>(document: T): T {
  const paths: Paths = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    paths[path] = Object.fromEntries(
      Object.entries(item ?? {}).map(([method, operation]) => {
        const parameters = (operation as { parameters?: Parameter[] } | undefined)?.parameters;
        if (!Array.isArray(parameters)) {
          return [method, operation];
        }
        return [
          method,
          {
            ...(operation as object),
            parameters: parameters.map((parameter) =>
              parameter.in === 'query' && parameter.schema?.default !== undefined
                ? { ...parameter, required: false }
                : parameter,
            ),
          },
        ];
      }),
    );
  }
  return { ...document, paths };
}
