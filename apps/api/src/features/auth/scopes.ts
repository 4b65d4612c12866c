import { STAFF_SCOPES } from '@sokoni/contracts';

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

/**
 * Whether the token is staff: it sees every customer. A token with no staff scope can only be a
 * customer's own (its `sub` linked to a customer) or a machine client's (see resolve-actor.ts).
 */
export function hasStaffScope(scopes: ReadonlySet<string>): boolean {
  return STAFF_SCOPES.some((scope) => scopes.has(scope));
}
