import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  CreateProductBody,
  ListProductsQuery,
  Product,
  UpdateProductBody,
} from '../../../features/products/products.schemas.ts';
import { createProductService } from '../../../features/products/products.service.ts';
import { IdParams, Page, problemResponses } from '../../../schemas/common.ts';

const productsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const products = createProductService({ db: fastify.db, defaultCurrency: fastify.config.DEFAULT_CURRENCY });

  fastify.post(
    '/',
    {
      config: { scopes: ['catalog:write'], idempotent: true },
      schema: {
        operationId: 'createProduct',
        tags: ['products'],
        summary: 'Create a product',
        body: CreateProductBody,
        response: { 201: Product, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const product = await products.createProduct(request.body, request.unitOfWork);
      reply.code(201).header('location', `/v1/products/${product.id}`);
      return product;
    },
  );

  fastify.get(
    '/',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'listProducts',
        tags: ['products'],
        summary: 'List products, newest first, with filters',
        querystring: ListProductsQuery,
        response: { 200: Page(Product, 'ProductPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => products.listProducts(request.query),
  );

  fastify.get(
    '/:id',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'getProduct',
        tags: ['products'],
        summary: 'Get a product',
        params: IdParams,
        response: { 200: Product, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => products.getProduct(request.params.id),
  );

  fastify.patch(
    '/:id',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        operationId: 'updateProduct',
        tags: ['products'],
        summary: 'Change a product (price, stock, category, active, …)',
        params: IdParams,
        body: UpdateProductBody,
        response: { 200: Product, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => products.updateProduct(request.params.id, request.body),
  );

  fastify.delete(
    '/:id',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        operationId: 'deleteProduct',
        tags: ['products'],
        summary: 'Delete a product that is on no order (otherwise make it inactive)',
        params: IdParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await products.deleteProduct(request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default productsRoutes;
