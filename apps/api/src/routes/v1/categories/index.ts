import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AllCategoryAveragePrices,
  Category,
  CategoryAveragePrice,
  CategoryTree,
  CategoryTreeQuery,
  CreateCategoryBody,
  ListCategoriesQuery,
  UpdateCategoryBody,
} from '../../../features/categories/categories.schemas.ts';
import { createCategoryService } from '../../../features/categories/categories.service.ts';
import { IdParams, Page, problemResponses } from '../../../schemas/common.ts';

const categoriesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const categories = createCategoryService({ db: fastify.db });

  fastify.post(
    '/',
    {
      config: { scopes: ['catalog:write'], idempotent: true },
      schema: {
        operationId: 'createCategory',
        tags: ['categories'],
        summary: 'Create a category, at the root or under a parent',
        body: CreateCategoryBody,
        response: { 201: Category, ...problemResponses(401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const category = await categories.createCategory(request.body, request.unitOfWork);
      reply.code(201).header('location', `/v1/categories/${category.id}`);
      return category;
    },
  );

  fastify.get(
    '/',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'listCategories',
        tags: ['categories'],
        summary: 'List categories, newest first',
        querystring: ListCategoriesQuery,
        response: { 200: Page(Category, 'CategoryPage'), ...problemResponses(401, 403) },
      },
    },
    async (request) => categories.listCategories(request.query),
  );

  fastify.get(
    '/tree',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'getCategoryTree',
        tags: ['categories'],
        summary: 'The category tree, nested, down to an optional depth',
        querystring: CategoryTreeQuery,
        response: { 200: CategoryTree, ...problemResponses(401, 403) },
      },
    },
    async (request) => categories.getTree(request.query.depth),
  );

  fastify.get(
    '/average-prices',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'listCategoryAveragePrices',
        tags: ['categories'],
        summary: 'Average price of every category, over its active products and its descendants’',
        response: { 200: AllCategoryAveragePrices, ...problemResponses(401, 403) },
      },
    },
    async () => categories.listAveragePrices(),
  );

  fastify.get(
    '/:id',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'getCategory',
        tags: ['categories'],
        summary: 'Get a category',
        params: IdParams,
        response: { 200: Category, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => categories.getCategory(request.params.id),
  );

  fastify.patch(
    '/:id',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        operationId: 'updateCategory',
        tags: ['categories'],
        summary: 'Rename a category, or move it with its subtree (parentId)',
        params: IdParams,
        body: UpdateCategoryBody,
        response: { 200: Category, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => categories.updateCategory(request.params.id, request.body),
  );

  fastify.delete(
    '/:id',
    {
      config: { scopes: ['catalog:write'] },
      schema: {
        operationId: 'deleteCategory',
        tags: ['categories'],
        summary: 'Delete a category that has no children and no products',
        params: IdParams,
        response: { 204: Type.Null({ description: 'deleted' }), ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await categories.deleteCategory(request.params.id);
      return reply.code(204).send(null);
    },
  );

  fastify.get(
    '/:id/average-price',
    {
      config: { scopes: ['catalog:read'] },
      schema: {
        operationId: 'getCategoryAveragePrice',
        tags: ['categories'],
        summary: 'Average price per currency of the active products of a category and its descendants',
        params: IdParams,
        response: { 200: CategoryAveragePrice, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => categories.getAveragePrice(request.params.id),
  );
};

export default categoriesRoutes;
