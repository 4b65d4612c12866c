import type { FastifyInstance } from 'fastify';

/**
 * Every path the app serves with its methods, read from Fastify's own route tree
 * (`printRoutes`), path parameters written as OpenAPI writes them (`{id}`).
 */
export function servedRoutes(app: FastifyInstance): { path: string; methods: string[] }[] {
  const parents: string[] = [];
  const routes: { path: string; methods: string[] }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) {
      continue;
    }
    const [, indent = '', segment = '', methods = ''] = match;
    const depth = indent.length / 4;
    const path = `${parents[depth - 1] ?? ''}${segment}`;
    parents[depth] = path;
    parents.length = depth + 1;
    if (methods) {
      routes.push({
        path: path.replace(/:(\w+)/g, '{$1}'),
        methods: methods.split(', ').filter((method) => method !== 'HEAD'),
      });
    }
  }
  return routes;
}
