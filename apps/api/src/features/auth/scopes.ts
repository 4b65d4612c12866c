/**
 * Scopes that make a token staff: it sees every customer. A token with none of them can only be
 * a customer's own (its `sub` linked to a customer) or a machine client's (see resolve-actor.ts).
 * orders:read and orders:write are not here: customers hold them for their own orders.
 */
export const STAFF_SCOPES: readonly string[] = [
  'customers:read',
  'customers:write',
  'notifications:read',
  'notifications:resend',
];

/**
 * The scopes a token carries, read from each configured claim (`scope,scp` by default): a
 * space-separated string (RFC 8693 `scope`, Okta/Entra `scp`) or an array of strings.
 */
export function readScopes(payload: Record<string, unknown>, claims: readonly string[]): Set<string> {
  const scopes = new Set<string>();
  for (const claim of claims) {
    const value = payload[claim];
    const items = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
    for (const item of items) {
      if (typeof item === 'string' && item !== '') {
        scopes.add(item);
      }
    }
  }
  return scopes;
}

export function hasStaffScope(scopes: ReadonlySet<string>): boolean {
  return STAFF_SCOPES.some((scope) => scopes.has(scope));
}
