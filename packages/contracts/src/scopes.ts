// The scopes of the Sokoni API (the resource server `urn:sokoni:api` by default): what the API
// enforces on each route and what an OpenID provider puts in its access tokens. Production
// providers are configured with exactly these strings (docs/authentication.md), so renaming one
// locks out every token already issued with the old name.

/** Every scope the API knows, in the order clients and documents list them. */
export const API_SCOPES = [
  'customers:read',
  'customers:write',
  'orders:read',
  'orders:write',
  'notifications:read',
  'notifications:resend',
  'queues:manage',
  'catalog:read',
  'catalog:write',
  'analytics:read',
] as const;

export type Scope = (typeof API_SCOPES)[number];

/**
 * What a customer's own login may hold: its own orders, and the catalogue it orders from. A
 * token with only these is a customer's (its `sub` linked to a customer) or a machine client's;
 * it never sees another customer.
 */
export const CUSTOMER_SCOPES = [
  'orders:read',
  'orders:write',
  'catalog:read',
] as const satisfies readonly Scope[];

/** Scopes that make a token staff: it sees every customer, within the scopes it holds. */
export const STAFF_SCOPES = [
  'customers:read',
  'customers:write',
  'notifications:read',
  'notifications:resend',
  // Bull Board's destructive actions; only ever held with notifications:resend, by operators.
  'queues:manage',
  'catalog:write',
  'analytics:read',
] as const satisfies readonly Scope[];

const known: ReadonlySet<string> = new Set(API_SCOPES);

/** Whether a string read from a token or a route declaration names a scope of the API. */
export function isScope(value: string): value is Scope {
  return known.has(value);
}
