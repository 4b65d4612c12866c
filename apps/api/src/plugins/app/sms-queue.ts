import { createSmsProducer, type SmsProducer } from '@sokoni/contracts';
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
  let lastErrorLog = 0;
  const producer = createSmsProducer({
    redisUrl: config.REDIS_URL,
    prefix: config.QUEUE_PREFIX,
    settings: config,
    timeoutMs: config.ENQUEUE_TIMEOUT_MS,
    onError: (error) => {
      // ioredis reports every reconnect attempt; one line every 10 s is enough while Redis is down.
      if (Date.now() - lastErrorLog > 10_000) {
        lastErrorLog = Date.now();
        fastify.log.warn({ err: error }, 'redis unavailable for the SMS queue; SMS wait in the outbox');
      }
    },
  });
  fastify.decorate('smsProducer', producer);
  fastify.decorate(
    'smsDispatcher',
    createSmsDispatcher({ db: fastify.db, queue: producer, log: fastify.log }),
  );
  fastify.decorate('pingRedis', async () => {
    await producer.connection.ping();
  });
  fastify.addHook('onClose', () => producer.close());
}

export default fp(smsQueue, { name: 'sms-queue', dependencies: ['config', 'db'] });
