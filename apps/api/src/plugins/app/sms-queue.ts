import { createSmsProducer, type SmsProducer } from '@sokoni/contracts';
import { outageWarningIntervalMs, throttled } from '@sokoni/runtime';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createSmsDispatcher, type SmsDispatcher } from '../../features/notifications/sms-dispatcher.ts';

declare module 'fastify' {
  interface FastifyInstance {
    smsProducer: SmsProducer;
    smsDispatcher: SmsDispatcher;
    /** Resolves when Redis answers PING; used by /readyz. */
    pingRedis: () => Promise<void>;
  }
}

async function smsQueue(fastify: FastifyInstance) {
  const { config } = fastify;
  // ioredis reports every reconnect attempt; one line per outageWarningIntervalMs is enough while Redis is down.
  const warnRedisDown = throttled(outageWarningIntervalMs, (error: Error) =>
    fastify.log.warn({ err: error }, 'redis unavailable for the SMS queue; SMS wait in the outbox'),
  );
  const producer = createSmsProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    settings: config,
    timeoutMs: config.ENQUEUE_TIMEOUT_MS,
    onError: warnRedisDown,
  });
  fastify.decorate('smsProducer', producer);
  fastify.decorate('smsDispatcher', createSmsDispatcher({ queue: producer, log: fastify.log }));
  fastify.decorate('pingRedis', async () => {
    await producer.connection.ping();
  });
  fastify.addHook('onClose', () => producer.close());
}

export default fp(smsQueue, { name: 'sms-queue', dependencies: ['config', 'db'] });
