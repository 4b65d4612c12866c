import { SMS_QUEUE } from '@sokoni/contracts';
import { onFileFinished } from '@sokoni/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Stack } from './stack.ts';

/**
 * A handle on the stack's SMS queue over a Redis connection of its own. Both are closed by the
 * function `register` is given: when the file ends by default, or pass `onTestFinished` for one
 * test. (BullMQ leaves open a connection it was handed, so closing the queue alone would not.)
 */
export function openSmsQueue(
  stack: Pick<Stack, 'redisUrl' | 'queuePrefix'>,
  register: (close: () => Promise<void>) => void = onFileFinished,
): Queue {
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(SMS_QUEUE, { connection: redis, prefix: stack.queuePrefix });
  register(async () => {
    await queue.close();
    await redis.quit();
  });
  return queue;
}
