import type { Redis } from 'ioredis';

/**
 * Remembers since when a Redis connection has not been `ready`. A BullMQ worker whose Redis
 * never comes back after a failover keeps the process alive and silently does nothing; /healthz
 * uses this to fail so the pod is restarted.
 */
export function watchRedis(connection: Redis, now: () => number = Date.now) {
  let notReadySince: number | null = connection.status === 'ready' ? null : now();
  const lost = () => {
    notReadySince ??= now();
  };
  connection.on('ready', () => {
    notReadySince = null;
  });
  connection.on('close', lost);
  connection.on('end', lost);
  connection.on('reconnecting', lost);
  return {
    /** Milliseconds since the connection was last ready; 0 while it is. */
    notReadyForMs(): number {
      return notReadySince === null ? 0 : now() - notReadySince;
    },
  };
}

export type RedisWatch = ReturnType<typeof watchRedis>;
