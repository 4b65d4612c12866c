import { createHash, timingSafeEqual } from 'node:crypto';
import type { Account } from 'oidc-provider';
import { CUSTOMER_LOGIN_SCOPES, type GrantableScope, OPERATOR_LOGIN_SCOPES } from './scopes.ts';

export interface DemoUser {
  username: string;
  password: string;
  /** The OIDC `sub`; the API's seed data links customers to these values, so they never change. */
  sub: string;
  name: string;
  /** The most this user may be granted; the client's own scope list narrows it further. */
  scopes: readonly GrantableScope[];
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    username: 'operator',
    password: 'operator-pass',
    sub: 'operator-1',
    name: 'Demo Operator',
    scopes: OPERATOR_LOGIN_SCOPES,
  },
  {
    username: 'amina',
    password: 'amina-pass',
    sub: 'customer-amina',
    name: 'Amina Wanjiru',
    scopes: CUSTOMER_LOGIN_SCOPES,
  },
  {
    username: 'baraka',
    password: 'baraka-pass',
    sub: 'customer-baraka',
    name: 'Baraka Otieno',
    scopes: CUSTOMER_LOGIN_SCOPES,
  },
];

// Hashing both sides gives equal-length buffers, so the comparison time says nothing about the password.
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The user whose username and password match, or undefined. */
export function authenticate(username: string, password: string): DemoUser | undefined {
  const user = DEMO_USERS.find((candidate) => candidate.username === username);
  if (user && sameSecret(password, user.password)) {
    return user;
  }
  return undefined;
}

function findUserBySub(sub: string): DemoUser | undefined {
  return DEMO_USERS.find((user) => user.sub === sub);
}

/** oidc-provider's `findAccount`: claims for ID tokens and userinfo. */
export function findAccount(_ctx: unknown, sub: string): Account | undefined {
  const user = findUserBySub(sub);
  if (!user) {
    return undefined;
  }
  return {
    accountId: user.sub,
    claims: () => ({ sub: user.sub, name: user.name, preferred_username: user.username }),
  };
}
