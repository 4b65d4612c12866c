import { Type } from 'typebox';
import { CurrencyCode, Money, PageQuery, Timestamp, Uuid } from '../../schemas/common.ts';

// Stored trimmed, so a name of spaces only would be stored empty: at least one other character.
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Sku = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$',
  description: "the shop's stock-keeping unit: letters, digits, . _ / -; unique",
  examples: ['PHN-TECNO-SPARK20'],
});
const Description = Type.String({ maxLength: 5000 });
const Stock = Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'units on hand' });
const CategoryId = Type.Union([Uuid, Type.Null()], { description: 'the category; null for none' });
/** A query-string decimal: digits with at most two decimals. */
const PriceBound = (description: string) =>
  Type.String({ pattern: '^\\d{1,10}(?:\\.\\d{1,2})?$', description, examples: ['1000'] });

export const Product = Type.Object(
  {
    id: Uuid,
    sku: Type.String(),
    name: Type.String(),
    description: Type.String(),
    price: Type.String({ description: 'decimal string' }),
    currency: Type.String(),
    stock: Type.Integer(),
    categoryId: Type.Union([Uuid, Type.Null()]),
    active: Type.Boolean({ description: 'false: kept for past orders, not offered' }),
    featured: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Product' },
);

export const CreateProductBody = Type.Object(
  {
    sku: Sku,
    name: Name,
    description: Type.Optional(Description),
    price: Money,
    currency: Type.Optional(CurrencyCode),
    stock: Type.Optional({ ...Stock, description: 'units on hand; 0 when omitted' }),
    categoryId: Type.Optional(CategoryId),
    active: Type.Optional(Type.Boolean({ description: 'true when omitted' })),
    featured: Type.Optional(Type.Boolean({ description: 'false when omitted' })),
  },
  { additionalProperties: false },
);

export const UpdateProductBody = Type.Object(
  {
    sku: Type.Optional(Sku),
    name: Type.Optional(Name),
    description: Type.Optional(Description),
    price: Type.Optional(Money),
    currency: Type.Optional(CurrencyCode),
    stock: Type.Optional(Stock),
    categoryId: Type.Optional(CategoryId),
    active: Type.Optional(Type.Boolean()),
    featured: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListProductsQuery = Type.Object(
  {
    ...PageQuery,
    categoryId: Type.Optional({ ...Uuid, description: 'this category and all its descendants' }),
    minPrice: Type.Optional(PriceBound('price at least this')),
    maxPrice: Type.Optional(PriceBound('price at most this')),
    inStock: Type.Optional(Type.Boolean({ description: 'true: stock above 0; false: out of stock' })),
    maxStock: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000_000, description: 'low stock: at most this many units' }),
    ),
    featured: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'search in name, sku and description' }),
    ),
  },
  { additionalProperties: false },
);
