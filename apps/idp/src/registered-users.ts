import { randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Account } from 'oidc-provider';
import { CUSTOMER_LOGIN_SCOPES, type GrantableScope } from './scopes.ts';
import { authenticate as authenticateDemoUser, DEMO_USERS, type DemoUser } from './users.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A person who registered on the development provider's own page (registration-page.ts). */
interface RegisteredUser {
  /** The e-mail address, lower-cased: also the username of the login form. */
  email: string;
  name: string;
  /** As typed: the API validates and normalises it when the customer is created. */
  phone: string;
  sub: string;
  /** scrypt of the password, with its salt; never the password itself. */
  salt: string;
  hash: string;
  createdAt: string;
}

/** Anyone who can sign in: a demo user or a registered one, as the login and consent steps see them. */
export interface IdpUser {
  username: string;
  sub: string;
  name: string;
  email?: string;
  phone?: string;
  scopes: readonly GrantableScope[];
}

export interface Registration {
  email: string;
  name: string;
  phone: string;
  password: string;
}

const FILE_NAME = 'registered-users.json';

function fromDemo(user: DemoUser): IdpUser {
  return { username: user.username, sub: user.sub, name: user.name, scopes: user.scopes };
}

function fromRegistered(user: RegisteredUser): IdpUser {
  return {
    username: user.email,
    sub: user.sub,
    name: user.name,
    email: user.email,
    phone: user.phone,
    // A registered person is a customer; staff exist only as demo users.
    scopes: CUSTOMER_LOGIN_SCOPES,
  };
}

async function hashPassword(password: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(password, salt, 32);
}

/**
 * The people the provider knows: the demo users, and those who registered, kept in
 * `<dataDir>/registered-users.json` (mode 0600, beside the keys) so an account outlives a restart
 * of the provider as the customer record linked to it outlives one of the API.
 */
export async function createUserDirectory(options: { dataDir: string }) {
  const path = join(options.dataDir, FILE_NAME);
  const registered: RegisteredUser[] = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as RegisteredUser[],
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        return [];
      }
      throw error;
    },
  );
  // Writes are chained, so two registrations at once both end up in the file.
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    saving = saving.then(async () => {
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(registered, null, 2), { mode: 0o600 });
      await rename(temporary, path);
    });
    return saving;
  };

  function findBySub(sub: string): IdpUser | undefined {
    const demo = DEMO_USERS.find((user) => user.sub === sub);
    if (demo) {
      return fromDemo(demo);
    }
    const user = registered.find((candidate) => candidate.sub === sub);
    return user ? fromRegistered(user) : undefined;
  }

  return {
    findBySub,

    /** The user whose username (a registered person's e-mail) and password match, or undefined. */
    async authenticate(username: string, password: string): Promise<IdpUser | undefined> {
      const demo = authenticateDemoUser(username, password);
      if (demo) {
        return fromDemo(demo);
      }
      const user = registered.find((candidate) => candidate.email === username.trim().toLowerCase());
      // A made-up salt for an unknown address: the answer takes as long either way.
      const salt = user ? Buffer.from(user.salt, 'base64url') : randomBytes(16);
      const hash = await hashPassword(password, salt);
      if (user && timingSafeEqual(hash, Buffer.from(user.hash, 'base64url'))) {
        return fromRegistered(user);
      }
      return undefined;
    },

    /** A new account with a `sub` of its own, or `taken` when the e-mail address already has one. */
    async register(input: Registration): Promise<IdpUser | 'taken'> {
      const email = input.email.trim().toLowerCase();
      if (
        registered.some((user) => user.email === email) ||
        DEMO_USERS.some((user) => user.username === email)
      ) {
        return 'taken';
      }
      const salt = randomBytes(16);
      const user: RegisteredUser = {
        email,
        name: input.name.trim(),
        phone: input.phone.trim(),
        sub: `user-${randomUUID()}`,
        salt: salt.toString('base64url'),
        hash: (await hashPassword(input.password, salt)).toString('base64url'),
        createdAt: new Date().toISOString(),
      };
      registered.push(user);
      await save();
      return fromRegistered(user);
    },

    /**
     * oidc-provider's `findAccount`: the claims of ID tokens and userinfo. The e-mail address is
     * not verified here (no mail is sent), and the claims say so.
     */
    findAccount(_ctx: unknown, sub: string): Account | undefined {
      const user = findBySub(sub);
      if (!user) {
        return undefined;
      }
      return {
        accountId: user.sub,
        claims: () => ({
          sub: user.sub,
          name: user.name,
          preferred_username: user.username,
          ...(user.email ? { email: user.email, email_verified: false } : {}),
          ...(user.phone ? { phone_number: user.phone, phone_number_verified: false } : {}),
        }),
      };
    },
  };
}

export type UserDirectory = Awaited<ReturnType<typeof createUserDirectory>>;
