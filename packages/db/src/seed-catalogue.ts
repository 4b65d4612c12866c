import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { categorySlug } from './category-slug.ts';
import type { Executor } from './client.ts';
import { categories, type NewCategoryRow } from './schema/categories.ts';
import { products } from './schema/products.ts';

// The demo catalogue of bin/dev: a tree four levels deep (All Products → Electronics → Phones →
// Android) and a few dozen products priced in KES, some featured, some low or out of stock, one
// retired. Orders seeded from it look products up by sku (demoProductIds).

interface DemoCategory {
  name: string;
  children?: DemoCategory[];
}

const DEMO_CATEGORY_TREE: DemoCategory = {
  name: 'All Products',
  children: [
    {
      name: 'Electronics',
      children: [
        { name: 'Phones', children: [{ name: 'Android' }, { name: 'Feature Phones' }] },
        { name: 'Computers', children: [{ name: 'Laptops' }, { name: 'Accessories' }] },
        { name: 'Audio' },
        { name: 'Solar & Power', children: [{ name: 'Solar Lamps' }, { name: 'Power Banks' }] },
      ],
    },
    {
      name: 'Groceries',
      children: [
        { name: 'Flour & Grains' },
        { name: 'Sugar' },
        { name: 'Cooking Oil' },
        { name: 'Beverages', children: [{ name: 'Tea & Coffee' }, { name: 'Juices' }] },
      ],
    },
    { name: 'Home & Kitchen', children: [{ name: 'Cookware' }, { name: 'Cleaning' }] },
    { name: 'Fashion', children: [{ name: 'Fabrics' }, { name: 'Shoes' }] },
  ],
};

interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  price: string;
  stock: number;
  description?: string;
  featured?: boolean;
  active?: boolean;
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    sku: 'DEMO-PHN-SPARK20',
    name: 'Tecno Spark 20, 128 GB',
    category: 'Android',
    price: '15999.00',
    stock: 25,
    featured: true,
  },
  {
    sku: 'DEMO-PHN-HOT40I',
    name: 'Infinix Hot 40i, 128 GB',
    category: 'Android',
    price: '14499.00',
    stock: 18,
  },
  {
    sku: 'DEMO-PHN-A15',
    name: 'Samsung Galaxy A15, 128 GB',
    category: 'Android',
    price: '21999.00',
    stock: 9,
  },
  {
    sku: 'DEMO-PHN-NOKIA105',
    name: 'Nokia 105 (dual SIM)',
    category: 'Feature Phones',
    price: '2599.00',
    stock: 40,
  },
  { sku: 'DEMO-PHN-T301', name: 'Tecno T301', category: 'Feature Phones', price: '1799.00', stock: 3 },
  {
    sku: 'DEMO-PHN-3310',
    name: 'Nokia 3310 (old stock)',
    category: 'Feature Phones',
    price: '3999.00',
    stock: 0,
    active: false,
  },
  {
    sku: 'DEMO-PC-HP250',
    name: 'HP 250 G9 laptop, 8 GB, 256 GB SSD',
    category: 'Laptops',
    price: '54999.00',
    stock: 6,
  },
  {
    sku: 'DEMO-PC-IDEAPAD3',
    name: 'Lenovo IdeaPad 3, 8 GB, 512 GB SSD',
    category: 'Laptops',
    price: '62500.00',
    stock: 4,
  },
  {
    sku: 'DEMO-PC-USBC',
    name: 'USB-C charging cable, 1 m',
    category: 'Accessories',
    price: '450.00',
    stock: 120,
  },
  { sku: 'DEMO-PC-MOUSE', name: 'Wireless mouse', category: 'Accessories', price: '1200.00', stock: 35 },
  {
    sku: 'DEMO-AUD-FREEPODS',
    name: 'Oraimo FreePods 4 earbuds',
    category: 'Audio',
    price: '2999.00',
    stock: 22,
    featured: true,
  },
  { sku: 'DEMO-AUD-SPEAKER', name: 'Bluetooth speaker, 10 W', category: 'Audio', price: '3499.50', stock: 0 },
  {
    sku: 'DEMO-SOL-PICO',
    name: 'Sun King Pico solar lamp',
    category: 'Solar Lamps',
    price: '1500.00',
    stock: 60,
    featured: true,
  },
  { sku: 'DEMO-SOL-S2', name: 'd.light S2 study lamp', category: 'Solar Lamps', price: '1050.00', stock: 2 },
  {
    sku: 'DEMO-PWR-10K',
    name: 'Power bank 10,000 mAh',
    category: 'Power Banks',
    price: '1999.00',
    stock: 30,
  },
  {
    sku: 'DEMO-PWR-20K',
    name: 'Power bank 20,000 mAh',
    category: 'Power Banks',
    price: '3299.00',
    stock: 12,
  },
  {
    sku: 'DEMO-GRO-NGANO2',
    name: 'Unga wa ngano 2kg',
    category: 'Flour & Grains',
    price: '190.00',
    stock: 200,
    description: 'Wheat flour, home baking',
  },
  {
    sku: 'DEMO-GRO-SIMA2',
    name: 'Unga wa mahindi 2kg',
    category: 'Flour & Grains',
    price: '175.00',
    stock: 240,
    description: 'Maize flour for ugali',
  },
  {
    sku: 'DEMO-GRO-PISHORI2',
    name: 'Mchele Pishori 2kg',
    category: 'Flour & Grains',
    price: '420.00',
    stock: 80,
  },
  { sku: 'DEMO-GRO-SUKARI1', name: 'Sukari 1kg', category: 'Sugar', price: '180.00', stock: 150 },
  { sku: 'DEMO-GRO-SUKARI2', name: 'Sukari 2kg', category: 'Sugar', price: '350.00', stock: 4 },
  { sku: 'DEMO-GRO-OIL1', name: 'Cooking fat 1kg', category: 'Cooking Oil', price: '380.00', stock: 90 },
  { sku: 'DEMO-GRO-OIL3', name: 'Sunflower oil 3 l', category: 'Cooking Oil', price: '1050.00', stock: 25 },
  {
    sku: 'DEMO-BEV-CHAI500',
    name: 'Chai majani 500g',
    category: 'Tea & Coffee',
    price: '250.00',
    stock: 110,
    featured: true,
  },
  {
    sku: 'DEMO-BEV-KAHAWA250',
    name: 'Kahawa ya Kenya 250g, ground',
    category: 'Tea & Coffee',
    price: '480.00',
    stock: 45,
  },
  { sku: 'DEMO-BEV-EMBE1', name: 'Juice ya embe 1 l', category: 'Juices', price: '220.00', stock: 60 },
  { sku: 'DEMO-BEV-PASSION1', name: 'Passion juice 1 l', category: 'Juices', price: '240.00', stock: 0 },
  {
    sku: 'DEMO-HOM-SUFURIA',
    name: 'Sufuria set, 5 pieces',
    category: 'Cookware',
    price: '2800.00',
    stock: 15,
  },
  {
    sku: 'DEMO-HOM-JIKO',
    name: 'Jiko la mkaa (energy-saving charcoal stove)',
    category: 'Cookware',
    price: '1200.00',
    stock: 20,
  },
  { sku: 'DEMO-HOM-THERMOS', name: 'Thermos flask 1.8 l', category: 'Cookware', price: '1150.00', stock: 28 },
  {
    sku: 'DEMO-HOM-SABUNI1',
    name: 'Sabuni ya kufulia 1kg',
    category: 'Cleaning',
    price: '260.00',
    stock: 75,
  },
  { sku: 'DEMO-HOM-JIKI', name: 'Jik bleach 750 ml', category: 'Cleaning', price: '195.00', stock: 5 },
  {
    sku: 'DEMO-FSH-KITENGE6',
    name: 'Kitenge, 6 yards',
    category: 'Fabrics',
    price: '1800.00',
    stock: 40,
    featured: true,
  },
  { sku: 'DEMO-FSH-KIKOI', name: 'Kikoi, cotton', category: 'Fabrics', price: '950.00', stock: 30 },
  { sku: 'DEMO-FSH-KANGA', name: 'Kanga, pair', category: 'Fabrics', price: '650.00', stock: 55 },
  { sku: 'DEMO-FSH-AKALA', name: 'Akala sandals', category: 'Shoes', price: '450.00', stock: 1 },
  {
    sku: 'DEMO-FSH-SCHOOL',
    name: 'School shoes, black leather',
    category: 'Shoes',
    price: '2200.00',
    stock: 16,
  },
];

/** The category rows of the demo tree, parents before children, each with its path and depth. */
function categoryRows(
  node: DemoCategory,
  parent: { id: string; path: string; depth: number } | null,
): (NewCategoryRow & { id: string })[] {
  const id = randomUUID();
  const path = `${parent?.path ?? ''}${id}/`;
  const depth = (parent?.depth ?? -1) + 1;
  const row = {
    id,
    name: node.name,
    slug: categorySlug(node.name),
    parentId: parent?.id ?? null,
    path,
    depth,
  };
  const children = (node.children ?? []).flatMap((child) => categoryRows(child, { id, path, depth }));
  return [row, ...children];
}

/**
 * Inserts the demo catalogue unless its root already exists (running it twice changes nothing).
 * Category names are unique in the demo tree, so products name their category.
 */
export async function seedCatalogue(db: Executor): Promise<{ categories: number; products: number }> {
  const rows = categoryRows(DEMO_CATEGORY_TREE, null);
  const [root] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(isNull(categories.parentId), eq(categories.slug, categorySlug(DEMO_CATEGORY_TREE.name))));
  if (root) {
    return { categories: 0, products: 0 };
  }
  const inserted = await db.insert(categories).values(rows).returning({ id: categories.id });
  const idByName = new Map(rows.map((row) => [row.name, row.id]));
  const added = await db
    .insert(products)
    .values(
      DEMO_PRODUCTS.map(({ category, ...product }) => ({
        ...product,
        currency: 'KES',
        categoryId: idByName.get(category) ?? null,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: products.id });
  return { categories: inserted.length, products: added.length };
}

/** The ids of the demo products, by sku: for seeding orders from the catalogue. */
export async function demoProductIds(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: products.id, sku: products.sku })
    .from(products)
    .where(
      inArray(
        products.sku,
        DEMO_PRODUCTS.map((product) => product.sku),
      ),
    );
  return new Map(rows.map((row) => [row.sku, row.id]));
}
