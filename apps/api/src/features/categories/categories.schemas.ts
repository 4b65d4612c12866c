import { Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../schemas/common.ts';

// Stored trimmed, so a name of spaces only would be stored empty: at least one other character.
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const ParentId = Type.Union([Uuid, Type.Null()], { description: 'the parent category; null for a root' });

export const Category = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    slug: Type.String({ description: 'from the name; unique among siblings' }),
    parentId: Type.Union([Uuid, Type.Null()], { description: 'null at the root' }),
    depth: Type.Integer({ minimum: 0, description: '0 at the root' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Category' },
);

export const CreateCategoryBody = Type.Object(
  { name: Name, parentId: Type.Optional(ParentId) },
  { additionalProperties: false },
);

export const UpdateCategoryBody = Type.Object(
  {
    name: Type.Optional(Name),
    parentId: Type.Optional(
      Type.Union([Uuid, Type.Null()], {
        description: 'moves the category and its subtree; not under itself or a descendant (409)',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ListCategoriesQuery = Type.Object(
  { ...PageQuery, parentId: Type.Optional({ ...Uuid, description: 'only the children of this category' }) },
  { additionalProperties: false },
);

export const CategoryTreeQuery = Type.Object(
  {
    depth: Type.Optional(
      Type.Integer({
        minimum: 0,
        // The largest `depth` the integer column holds: the tree has no deepest level of its own.
        maximum: 2_147_483_647,
        description: 'deepest level to include: 0 gives the roots only; all levels when omitted',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CategoryTree = Type.Object(
  {
    items: Type.Array(
      Type.Cyclic(
        {
          CategoryTreeNode: Type.Object({
            id: Uuid,
            name: Type.String(),
            slug: Type.String(),
            depth: Type.Integer({ minimum: 0 }),
            children: Type.Array(Type.Ref('CategoryTreeNode'), { description: 'sorted by name' }),
          }),
        },
        'CategoryTreeNode',
      ),
      { description: 'the roots, sorted by name' },
    ),
  },
  { title: 'CategoryTree' },
);

const CurrencyAverage = Type.Object({
  currency: Type.String(),
  averagePrice: Type.String({ description: 'decimal string, two decimals, rounded half-up' }),
  productCount: Type.Integer({ minimum: 1 }),
});

export const CategoryAveragePrice = Type.Object(
  {
    categoryId: Uuid,
    averages: Type.Array(CurrencyAverage, {
      description:
        'one per currency, over the active products of the category and all its descendants; [] when none',
    }),
  },
  { title: 'CategoryAveragePrice' },
);

export const AllCategoryAveragePrices = Type.Object(
  { items: Type.Array(CategoryAveragePrice) },
  { title: 'CategoryAveragePrices' },
);
