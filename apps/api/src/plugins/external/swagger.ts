import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** OpenAPI 3.1 generated from the routes' TypeBox schemas: JSON at /docs/json, Swagger UI at /docs. */
async function openApi(fastify: FastifyInstance) {
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sokoni API',
        version: '1.0.0',
        description: 'Customers and orders, with SMS notifications sent through Africa’s Talking.',
      },
      servers: [{ url: fastify.config.PUBLIC_URL }],
      tags: [
        { name: 'customers', description: 'People who order' },
        { name: 'orders', description: 'Orders and their status' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  });
  await fastify.register(swaggerUi, { routePrefix: '/docs' });
}

export default fp(openApi, { name: 'openapi', dependencies: ['config'] });
