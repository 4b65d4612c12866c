import {
  type Database,
  deleteProduct,
  findCategoryById,
  findProductById,
  insertProduct,
  listProducts,
  type ProductRow,
  productHasOrderLines,
  updateProduct,
} from '@sokoni/db';
import type { Static } from 'typebox';
import { decodeCursor, toPage } from '../../lib/cursor.ts';
import { AppError, notFound, pgErrorCode, unprocessable } from '../../lib/errors.ts';
import type { UnitOfWork } from '../../lib/unit-of-work.ts';
import type { CreateProductBody, ListProductsQuery, UpdateProductBody } from './products.schemas.ts';

export interface ProductServiceDeps {
  db: Database;
  defaultCurrency: string;
}

const unknownCategory = (id: string) => unprocessable('/categoryId', `category ${id} does not exist`);

function rethrowConflicts(error: unknown, categoryId: string | null | undefined): never {
  const { code, constraint } = pgErrorCode(error);
  if (code === '23505' && constraint === 'products_sku_key') {
    throw new AppError('conflict', 'a product with this sku already exists', {
      errors: [{ field: '/sku', message: 'must be unique' }],
    });
  }
  // The category was deleted between the check and the write.
  if (code === '23503' && constraint === 'products_category_id_categories_id_fk' && categoryId) {
    throw unknownCategory(categoryId);
  }
  throw error;
}

export function createProductService({ db, defaultCurrency }: ProductServiceDeps) {
  async function checkCategory(categoryId: string | null | undefined): Promise<void> {
    if (categoryId && !(await findCategoryById(db, categoryId))) {
      throw unknownCategory(categoryId);
    }
  }

  async function existing(id: string): Promise<ProductRow> {
    const product = await findProductById(db, id);
    if (!product) {
      throw notFound('product', id);
    }
    return product;
  }

  return {
    async createProduct(input: Static<typeof CreateProductBody>, unit?: UnitOfWork): Promise<ProductRow> {
      await checkCategory(input.categoryId);
      return insertProduct(unit?.tx ?? db, {
        sku: input.sku,
        name: input.name.trim(),
        description: input.description ?? '',
        price: input.price,
        currency: input.currency ?? defaultCurrency,
        stock: input.stock ?? 0,
        categoryId: input.categoryId ?? null,
        active: input.active ?? true,
        featured: input.featured ?? false,
      }).catch((error: unknown) => rethrowConflicts(error, input.categoryId));
    },

    getProduct: existing,

    async listProducts(query: Static<typeof ListProductsQuery>) {
      const { cursor, limit, ...filters } = query;
      const after = cursor ? decodeCursor(cursor) : undefined;
      return toPage(await listProducts(db, { ...filters, after, limit }), limit);
    },

    async updateProduct(id: string, patch: Static<typeof UpdateProductBody>): Promise<ProductRow> {
      await existing(id);
      await checkCategory(patch.categoryId);
      const updated = await updateProduct(db, id, {
        ...patch,
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
      }).catch((error: unknown) => rethrowConflicts(error, patch.categoryId));
      if (!updated) {
        throw notFound('product', id);
      }
      return updated;
    },

    /**
     * Refuses (409) once the product is on an order line: past orders keep pointing at it. Such a
     * product is retired with `active: false` instead, which takes it out of the catalogue.
     */
    async deleteProduct(id: string): Promise<void> {
      await existing(id);
      const conflict = () =>
        new AppError(
          'conflict',
          'the product is on orders; make it inactive (PATCH active: false) instead of deleting it',
        );
      if (await productHasOrderLines(db, id)) {
        throw conflict();
      }
      await deleteProduct(db, id).catch((error: unknown) => {
        // An order line added between the check and the delete: the foreign key refuses it.
        if (pgErrorCode(error).code === '23503') {
          throw conflict();
        }
        throw error;
      });
    },
  };
}

export type ProductService = ReturnType<typeof createProductService>;
