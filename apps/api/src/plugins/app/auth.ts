import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Actor, systemActor } from '../../features/auth/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Scopes a token needs for this route (any one of them is not enough: all are required). */
    scopes?: readonly string[];
  }
}

/**
 * Who is calling. Until the OpenID Connect resource server is configured every request acts
 * as the system actor; the route plugins already declare their scopes in `config.scopes`.
 */
async function auth(fastify: FastifyInstance) {
  fastify.decorateRequest('actor', null as unknown as Actor);
  fastify.addHook('onRequest', async (request) => {
    request.actor = systemActor;
  });
}

export default fp(auth, { name: 'auth', dependencies: ['config'] });
