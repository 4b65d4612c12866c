import { createDb, type Database } from '@sokoni/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** Resolves when PostgreSQL answers a trivial query; used by /readyz. */
    pingDatabase: () => Promise<void>;
  }
}

async function db(fastify: FastifyInstance) {
  const handle = createDb({
    url: fastify.config.DATABASE_URL,
    max: fastify.config.DATABASE_POOL_MAX,
    applicationName: 'sokoni-api',
  });
  // An idle client losing its connection (database restart) must not crash the process.
  handle.pool.on('error', (error) => fastify.log.warn({ err: error }, 'idle database connection failed'));
  fastify.decorate('db', handle.db);
  fastify.decorate('pingDatabase', async () => {
    await handle.pool.query('SELECT 1');
  });
  fastify.addHook('onClose', () => handle.close());
}

export default fp(db, { name: 'db', dependencies: ['config'] });
