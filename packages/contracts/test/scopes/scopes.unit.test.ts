import { describe, expect, it } from 'vitest';
import { API_SCOPES, CUSTOMER_SCOPES, isScope, STAFF_SCOPES } from '../../src/scopes.ts';

describe('the API scopes', () => {
  it('are each either a customer scope or a staff scope, never both', () => {
    for (const scope of API_SCOPES) {
      const kinds = [CUSTOMER_SCOPES.some((s) => s === scope), STAFF_SCOPES.some((s) => s === scope)];
      expect(kinds.filter(Boolean), scope).toHaveLength(1);
    }
    expect(CUSTOMER_SCOPES.length + STAFF_SCOPES.length).toBe(API_SCOPES.length);
  });

  it('recognise exactly their own names', () => {
    expect(API_SCOPES.filter(isScope)).toEqual([...API_SCOPES]);
    for (const other of ['', 'orders', 'orders:wirte', 'ORDERS:READ', ' orders:read', 'openid']) {
      expect(isScope(other), other).toBe(false);
    }
  });
});
