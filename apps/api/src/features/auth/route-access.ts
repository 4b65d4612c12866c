/** The URL prefixes where every route needs a token unless it says `config.public`. */
const PROTECTED_PREFIXES = ['/v1', '/admin'];

export function isProtectedPath(path: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export interface RouteAccessConfig {
  public?: boolean;
  scopes?: readonly string[];
}

export type RouteAccess = { kind: 'public' } | { kind: 'token'; scopes: readonly string[] };

/**
 * What a request to this route must present. Routes outside /v1 and /admin (health, /docs) are
 * public; inside them a route is public only when it says so (the delivery-report webhook has its
 * own secret), and otherwise needs a token with every scope it lists.
 */
export function routeAccess(path: string, config: RouteAccessConfig | undefined): RouteAccess {
  if (config?.public === true || !isProtectedPath(path)) {
    return { kind: 'public' };
  }
  return { kind: 'token', scopes: config?.scopes ?? [] };
}

/**
 * Why a route cannot be served as declared, or undefined when it is fine: under /v1 and /admin
 * each route must name its scopes or say it is public, so a new route cannot forget its scope.
 */
export function accessDeclarationProblem(
  route: { method: string | string[]; url: string },
  config: RouteAccessConfig | undefined,
): string | undefined {
  if (!isProtectedPath(route.url) || config?.public === true) {
    return undefined;
  }
  const scopes = config?.scopes;
  if (Array.isArray(scopes) && scopes.length > 0 && scopes.every((s) => typeof s === 'string' && s !== '')) {
    return undefined;
  }
  const methods = [route.method].flat().join(',');
  return `${methods} ${route.url} declares neither config.scopes nor config.public`;
}
