import {
  averagePricesOfAllCategories,
  averagePricesOfCategory,
  type CategoryRefusal,
  type CategoryRow,
  categoryDependents,
  categorySlug,
  type Database,
  deleteCategory,
  findCategoryById,
  insertCategory,
  listCategories,
  listCategoriesForTree,
  moveCategory,
  renameCategory,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound, pgErrorCode, unprocessable } from '../../lib/errors.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';
import type { CreateCategoryBody, ListCategoriesQuery, UpdateCategoryBody } from './categories.schemas.ts';
import { nestCategories } from './category-tree.ts';

export interface CategoryServiceDeps {
  db: Database;
}

/** Name and slug as stored: the name trimmed, the slug derived from it. */
function naming(name: string) {
  const trimmed = name.trim();
  return { name: trimmed, slug: categorySlug(trimmed) };
}

function rethrowSlugTaken(error: unknown): never {
  const { code, constraint } = pgErrorCode(error);
  if (code === '23505' && constraint === 'categories_parent_slug_key') {
    throw new AppError('conflict', 'a sibling category already has this slug', {
      errors: [{ field: '/name', message: 'gives a slug another category under the same parent has' }],
    });
  }
  throw error;
}

export function createCategoryService({ db }: CategoryServiceDeps) {
  /** The problem for a tree change the repository refused. */
  function refusal(reason: CategoryRefusal, id: string, parentId: string | null | undefined): AppError {
    switch (reason) {
      case 'not-found':
        return notFound('category', id);
      case 'parent-not-found':
        return unprocessable('/parentId', `category ${parentId} does not exist`);
      case 'cycle':
        return new AppError('conflict', 'a category cannot move under itself or one of its descendants', {
          errors: [{ field: '/parentId', message: 'lies in the subtree being moved' }],
        });
    }
  }

  async function existing(id: string): Promise<CategoryRow> {
    const category = await findCategoryById(db, id);
    if (!category) {
      throw notFound('category', id);
    }
    return category;
  }

  return {
    async createCategory(input: Static<typeof CreateCategoryBody>, unit?: UnitOfWork): Promise<CategoryRow> {
      const parentId = input.parentId ?? null;
      const result = await insertCategory(unit?.tx ?? db, { ...naming(input.name), parentId }).catch(
        rethrowSlugTaken,
      );
      if (typeof result === 'string') {
        throw refusal(result, '', parentId);
      }
      return result;
    },

    getCategory: existing,

    async listCategories(query: Static<typeof ListCategoriesQuery>) {
      const after = query.cursor ? decodeCursor(query.cursor) : undefined;
      const rows = await listCategories(db, { parentId: query.parentId, after, limit: query.limit });
      return toPage(rows, query.limit);
    },

    async getTree(maxDepth: number | undefined) {
      return { items: nestCategories(await listCategoriesForTree(db, { maxDepth })) };
    },

    /** A new parentId moves the subtree (with the rename, if any, in the same transaction). */
    async updateCategory(id: string, patch: Static<typeof UpdateCategoryBody>): Promise<CategoryRow> {
      const rename = patch.name === undefined ? undefined : naming(patch.name);
      if (patch.parentId === undefined) {
        const renamed = rename ? await renameCategory(db, id, rename).catch(rethrowSlugTaken) : undefined;
        return renamed ?? existing(id);
      }
      const result = await moveCategory(db, { id, parentId: patch.parentId, rename }).catch(rethrowSlugTaken);
      if (typeof result === 'string') {
        throw refusal(result, id, patch.parentId);
      }
      return result;
    },

    /** Refuses (409) while it has children or products: neither is deleted or orphaned with it. */
    async deleteCategory(id: string): Promise<void> {
      await existing(id);
      const conflict = (what: 'children' | 'products') =>
        new AppError(
          'conflict',
          `the category has ${what}; move or delete them first (a product can also be made inactive)`,
        );
      const dependents = await categoryDependents(db, id);
      if (dependents) {
        throw conflict(dependents);
      }
      await deleteCategory(db, id).catch((error: unknown) => {
        // A child or product added between the check and the delete: the foreign key refuses it.
        if (pgErrorCode(error).code === '23503') {
          throw conflict(
            pgErrorCode(error).constraint === 'products_category_id_categories_id_fk'
              ? 'products'
              : 'children',
          );
        }
        throw error;
      });
    },

    async getAveragePrice(id: string) {
      await existing(id);
      return { categoryId: id, averages: await averagePricesOfCategory(db, id) };
    },

    async listAveragePrices() {
      return { items: await averagePricesOfAllCategories(db) };
    },
  };
}

export type CategoryService = ReturnType<typeof createCategoryService>;
