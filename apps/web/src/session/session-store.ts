import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Who signed in, and what the web app holds for them: nothing of it ever reaches the browser. */
export interface WebSession {
  /** Which sign-in opened it: a customer's (the shop) or an operator's (the console). */
  kind: 'customer' | 'operator';
  /** The `sub` of the person's tokens: a customer record's `subject`. */
  sub: string;
  name: string;
  /** Claims of the ID token, to fill in the first-sign-in profile page; absent when the provider sent none. */
  email?: string;
  phone?: string;
  accessToken: string;
  refreshToken?: string;
  /** Epoch seconds at which the access token expires. */
  accessTokenExpiresAt: number;
  /** The token every form and htmx request of this session must send back (csrf.ts). */
  csrfToken: string;
  /** A customer's basket: product id → quantity. */
  basket?: Record<string, number>;
}

const ALGORITHM = 'aes-256-gcm';

/**
 * Web sessions in Redis, keyed by an opaque id that only the browser's cookie holds. The key is
 * a hash of the id and the record is encrypted (AES-256-GCM, a key derived from
 * WEB_SESSION_SECRET, the key name as additional data): whoever reads Redis finds neither a
 * cookie that would work nor a token, and a record cannot be moved to another key.
 */
export function createSessionStore(options: {
  redis: Pick<Redis, 'set' | 'get' | 'del'>;
  secret: string;
  ttlS: number;
  prefix?: string;
}) {
  const key = Buffer.from(hkdfSync('sha256', options.secret, 'sokoni-web', 'session-record', 32));
  const prefix = options.prefix ?? 'sokoni-web:session:';
  const redisKey = (id: string) => `${prefix}${createHash('sha256').update(id).digest('base64url')}`;

  function seal(name: string, session: WebSession): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, key, iv);
    cipher.setAAD(Buffer.from(name));
    const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  function open(name: string, sealed: string): WebSession | undefined {
    try {
      const bytes = Buffer.from(sealed, 'base64url');
      const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(bytes.subarray(12, 28));
      const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      return JSON.parse(text) as WebSession;
    } catch {
      // Another secret (rotated) or a tampered record: no session.
      return undefined;
    }
  }

  return {
    /** Stores a new session for `ttlS` seconds; returns its id, which goes in the cookie. */
    async create(session: WebSession): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      const name = redisKey(id);
      await options.redis.set(name, seal(name, session), 'EX', options.ttlS);
      return id;
    },
    async find(id: string): Promise<WebSession | undefined> {
      const name = redisKey(id);
      const sealed = await options.redis.get(name);
      return sealed === null ? undefined : open(name, sealed);
    },
    /** Replaces the record (refreshed tokens), keeping its expiry: a session never outlives its first TTL. */
    async update(id: string, session: WebSession): Promise<void> {
      const name = redisKey(id);
      await options.redis.set(name, seal(name, session), 'KEEPTTL', 'XX');
    },
    async destroy(id: string): Promise<void> {
      await options.redis.del(redisKey(id));
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
