import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiConfig } from '../../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: ApiConfig;
  }
}

/** Makes the configuration parsed at boot available to every plugin. */
export default fp(
  async (fastify: FastifyInstance, options: { config: ApiConfig }) => {
    fastify.decorate('config', options.config);
  },
  { name: 'config' },
);
