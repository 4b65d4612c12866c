import { Redis } from 'ioredis';

/**
 * Every key under `prefix` and everything stored in it, as text: strings, hashes (field and
 * value), lists, sets, sorted sets (member and score) and streams. For tests that look for what
 * must never be stored in Redis.
 */
export async function redisContents(redisUrl: string, prefix: string): Promise<Map<string, string>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const contents = new Map<string, string>();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        contents.set(key, await storedText(redis, key));
      }
    } while (cursor !== '0');
    return contents;
  } finally {
    redis.disconnect();
  }
}

async function storedText(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.get(key)) ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, '0', '-1', 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    case 'none':
      return '';
    default:
      throw new Error(`key ${key} has a type this reader does not know: ${type}`);
  }
}
