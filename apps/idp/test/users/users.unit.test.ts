import { STAFF_SCOPES } from '@sokoni/contracts/scopes';
import { describe, expect, it } from 'vitest';
import { authenticate, DEMO_USERS, findAccount } from '../../src/users.ts';

describe('demo users', () => {
  it('keeps the subjects the API seed data links customers to', () => {
    expect(DEMO_USERS.map((user) => [user.username, user.sub])).toEqual([
      ['operator', 'operator-1'],
      ['amina', 'customer-amina'],
      ['baraka', 'customer-baraka'],
    ]);
  });

  it('authenticates with the right password only', () => {
    expect(authenticate('amina', 'amina-pass')?.sub).toBe('customer-amina');
    expect(authenticate('amina', 'baraka-pass')).toBeUndefined();
    expect(authenticate('amina', '')).toBeUndefined();
    expect(authenticate('nobody', 'amina-pass')).toBeUndefined();
  });

  it('gives staff scopes to the operator only', () => {
    for (const user of DEMO_USERS) {
      const hasStaff = STAFF_SCOPES.some((scope) => user.scopes.includes(scope));
      expect(hasStaff).toBe(user.username === 'operator');
    }
  });

  it('finds accounts by sub with profile claims', async () => {
    const account = findAccount(undefined, 'customer-baraka');
    expect(account?.accountId).toBe('customer-baraka');
    expect(await account?.claims('id_token', 'openid profile', {}, [])).toEqual({
      sub: 'customer-baraka',
      name: 'Baraka Otieno',
      preferred_username: 'baraka',
    });
    expect(findAccount(undefined, 'unknown')).toBeUndefined();
  });
});
