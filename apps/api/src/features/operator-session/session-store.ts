import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The server's half of an operator session. The cookie alone is a bearer credential that logout
 * could only ask the browser to forget (and a copy taken earlier would work until the token's
 * `exp`); with a session id kept here, logout ends it for every copy. Revoking the token at the
 * provider would not do it: the API verifies JWT access tokens itself and never asks the provider.
 *
 * Kept in Redis, which Bull Board (what the session is for) needs anyway; while Redis is down no
 * session is recognised, which fails closed.
 */
export function createOperatorSessionStore(options: {
  redis: Pick<Redis, 'set' | 'exists' | 'del'>;
  prefix: string;
}) {
  const key = (id: string) => `${options.prefix}:operator-session:${id}`;
  return {
    /** A new session id, live for `ttlS` seconds (the cookie's own lifetime). */
    async open(ttlS: number): Promise<string> {
      const id = randomBytes(32).toString('base64url');
      await options.redis.set(key(id), '1', 'EX', Math.max(1, Math.ceil(ttlS)));
      return id;
    },
    async isOpen(id: string): Promise<boolean> {
      return (await options.redis.exists(key(id))) === 1;
    },
    async close(id: string): Promise<void> {
      await options.redis.del(key(id));
    },
  };
}

export type OperatorSessionStore = ReturnType<typeof createOperatorSessionStore>;
