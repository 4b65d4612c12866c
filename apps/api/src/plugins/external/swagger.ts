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
import { swaggerUiPolicy } from '../../features/security-headers/content-security-policies.ts';
import { queryDefaultsOptional } from '../../lib/openapi-defaults.ts';
import { pageSecurity } from './helmet.ts';

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
      return queryDefaultsOptional({
        ...openapiObject,
        components: {
          ...openapiObject.components,
          securitySchemes: securitySchemes(oauthEndpoints(config.OIDC_ISSUER, discovered)),
        },
      } as typeof openapiObject);
    },
  });
  // Swagger UI's routes get its page's Content-Security-Policy; encapsulated, so the onRoute hook
  // reaches no other route. "Authorize" posts to the token endpoint, known once discovered.
  const tokenEndpointOrigin = () => {
    const discovered = fastify.hasDecorator('oidcIssuer') ? fastify.oidcIssuer.current() : undefined;
    return new URL(oauthEndpoints(config.OIDC_ISSUER, discovered).tokenUrl).origin;
  };
  const page = pageSecurity(swaggerUiPolicy(tokenEndpointOrigin), { opener: 'opens-popups' });
  // Its static files, oauth2-redirect.html among them: the page the sign-in popup returns to.
  const files = pageSecurity(swaggerUiPolicy(tokenEndpointOrigin), { opener: 'returns-to-opener' });
  await fastify.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      // The document itself (/docs/json, /docs/yaml) keeps the API's policy: it is no page.
      if (!/^\/docs\/(json|yaml)$/.test(route.url)) {
        route.config = { ...route.config, helmet: route.url.startsWith('/docs/static/') ? files : page };
      }
    });
    await docs.register(swaggerUi, {
      routePrefix: '/docs',
      // "Authorize" in /docs signs in with the public operator client: authorization code + PKCE.
      initOAuth: {
        clientId: config.OIDC_DOCS_CLIENT_ID,
        usePkceWithAuthorizationCodeGrant: true,
        scopes: Object.keys(SCOPE_DESCRIPTIONS),
      },
      // No badge from validator.swagger.io: the page loads nothing from elsewhere.
      uiConfig: { validatorUrl: null },
    });
  });
}

export default fp(openApi, { name: 'openapi', dependencies: ['config', 'security-headers'] });
