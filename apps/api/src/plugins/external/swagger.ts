import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  oauthEndpoints,
  operationSecurity,
  SCOPE_DESCRIPTIONS,
  securitySchemes,
} from '../../features/auth/openapi-security.ts';

/** OpenAPI 3.1 generated from the routes' TypeBox schemas: JSON at /docs/json, Swagger UI at /docs. */
async function openApi(fastify: FastifyInstance) {
  const { config } = fastify;
  await fastify.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sokoni API',
        version: '1.0.0',
        description: 'Customers and orders, with SMS notifications sent through Africa’s Talking.',
      },
      servers: [{ url: config.PUBLIC_URL }],
      tags: [
        { name: 'customers', description: 'People who order' },
        { name: 'orders', description: 'Orders and their status' },
        { name: 'categories', description: 'The catalogue’s category tree and its average prices' },
        { name: 'products', description: 'What the shop sells: price and stock' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
      // @fastify/swagger reads the schemes while it builds operations; transformObject below
      // swaps in the issuer's discovered endpoints.
      components: { securitySchemes: securitySchemes(oauthEndpoints(config.OIDC_ISSUER, undefined)) },
    },
    // Each operation's security comes from the route's config.scopes, the same list the auth hook enforces.
    transform: ({ schema, url, route }) => {
      const security = operationSecurity(url, route.config);
      return { schema: security ? { ...schema, security } : schema, url };
    },
    // The document is built on its first request, after the auth plugin has tried discovery.
    transformObject: (document) => {
      if (!('openapiObject' in document)) {
        return document.swaggerObject;
      }
      const { openapiObject } = document;
      const discovered = fastify.hasDecorator('oidcIssuer') ? fastify.oidcIssuer.current() : undefined;
      return {
        ...openapiObject,
        components: {
          ...openapiObject.components,
          securitySchemes: securitySchemes(oauthEndpoints(config.OIDC_ISSUER, discovered)),
        },
      } as typeof openapiObject;
    },
  });
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    // "Authorize" in /docs signs in with the public operator client: authorization code + PKCE.
    initOAuth: {
      clientId: config.OIDC_DOCS_CLIENT_ID,
      usePkceWithAuthorizationCodeGrant: true,
      scopes: Object.keys(SCOPE_DESCRIPTIONS),
    },
  });
}

export default fp(openApi, { name: 'openapi', dependencies: ['config'] });
