import { CUSTOMER_SCOPES, isScope, type Scope } from '@sokoni/contracts';

/** The URL prefixes where every route needs a token unless it says `config.public`. */
const PROTECTED_PREFIXES = ['/v1', '/admin'];

export function isProtectedPath(path: string): boolean {
  return PROTECTED_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export interface RouteAccessConfig {
  public?: boolean;
  scopes?: readonly Scope[];
  /**
   * What a customer's own token needs here instead of `scopes`: accepted only from a token that
   * acts as a customer (features/auth/resolve-actor.ts), which the service then limits to its own
   * data. Customer scopes only: a staff scope would make the token staff, never a customer.
   */
  ownScopes?: readonly Scope[];
}

export type RouteAccess =
  | { kind: 'public' }
  | { kind: 'token'; scopes: readonly Scope[]; ownScopes?: readonly Scope[] };

/**
 * What a request to this route must present. Routes outside /v1 and /admin (health, /docs) are
 * public; inside them a route is public only when it says so (the delivery-report webhook has its
 * own secret), and otherwise needs a token with every scope it lists.
 */
export function routeAccess(path: string, config: RouteAccessConfig | undefined): RouteAccess {
  if (config?.public === true || !isProtectedPath(path)) {
    return { kind: 'public' };
  }
  const scopes = config?.scopes ?? [];
  return config?.ownScopes?.length
    ? { kind: 'token', scopes, ownScopes: config.ownScopes }
    : { kind: 'token', scopes };
}

/**
 * Whether a token holding `held` may call the route: with all of its `scopes`, or with all of its
 * `ownScopes` provided it then acts as a customer (`'as-customer'`: the caller checks the actor).
 */
export function scopeGrant(
  access: { scopes: readonly Scope[]; ownScopes?: readonly Scope[] | undefined },
  held: ReadonlySet<string>,
): 'granted' | 'as-customer' | 'refused' {
  if (access.scopes.every((scope) => held.has(scope))) {
    return 'granted';
  }
  const own = access.ownScopes ?? [];
  return own.length > 0 && own.every((scope) => held.has(scope)) ? 'as-customer' : 'refused';
}

/**
 * Why a route cannot be served as declared, or undefined when it is fine: under /v1 and /admin
 * each route must name its scopes or say it is public, so a new route cannot forget its scope.
 * tsc already refuses a scope that is not a `Scope`; this also catches one set where types do
 * not reach (a plugin's onRoute hook, a cast), which no token could ever satisfy.
 */
export function accessDeclarationProblem(
  route: { method: string | string[]; url: string },
  config: RouteAccessConfig | undefined,
): string | undefined {
  if (!isProtectedPath(route.url) || config?.public === true) {
    return undefined;
  }
  const methods = [route.method].flat().join(',');
  const scopes: readonly unknown[] | undefined = config?.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0) {
    return `${methods} ${route.url} declares neither config.scopes nor config.public`;
  }
  const unknown = scopes.filter((scope) => typeof scope !== 'string' || !isScope(scope));
  if (unknown.length > 0) {
    return `${methods} ${route.url} declares unknown scopes ${unknown.map((scope) => JSON.stringify(scope)).join(', ')}`;
  }
  const own: readonly unknown[] = config?.ownScopes ?? [];
  const notCustomers = own.filter((scope) => !(CUSTOMER_SCOPES as readonly unknown[]).includes(scope));
  if (notCustomers.length > 0) {
    return `${methods} ${route.url} declares ownScopes that no customer holds: ${notCustomers.map((scope) => JSON.stringify(scope)).join(', ')}`;
  }
  return undefined;
}
