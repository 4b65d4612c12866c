import { describe, expect, it } from 'vitest';
import { createTestApi } from '../helper.ts';
import { createCategory, createProduct, nth, type ProductJson } from '../support/catalogue.ts';

const api = await createTestApi();

async function listIds(query: string): Promise<string[]> {
  const response = await api.inject({ method: 'GET', url: `/v1/products?limit=100&${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: ProductJson[] }>().items.map((product) => product.id);
}

describe('products: happy paths', () => {
  it('creates a product with its defaults: KES, 0 in stock, active, not featured', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/products',
      payload: { sku: 'UNGA-2KG', name: ' Unga wa ngano 2kg ', price: '190.5' },
    });
    expect(response.statusCode).toBe(201);
    const product = response.json<ProductJson>();
    expect(product).toMatchObject({
      sku: 'UNGA-2KG',
      name: 'Unga wa ngano 2kg',
      description: '',
      price: '190.50',
      currency: 'KES',
      stock: 0,
      categoryId: null,
      active: true,
      featured: false,
    });
    expect(response.headers.location).toBe(`/v1/products/${product.id}`);
    const read = await api.inject({ method: 'GET', url: `/v1/products/${product.id}` });
    expect(read.json()).toEqual(product);
  });

  it('changes and deletes a product that is on no order', async () => {
    const category = await createCategory(api, 'Vinywaji');
    const product = await createProduct(api);
    const patched = await api.inject({
      method: 'PATCH',
      url: `/v1/products/${product.id}`,
      payload: { price: '99.99', stock: 12, categoryId: category.id, featured: true, description: 'Baridi' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      price: '99.99',
      stock: 12,
      categoryId: category.id,
      featured: true,
      description: 'Baridi',
    });
    expect((await api.inject({ method: 'DELETE', url: `/v1/products/${product.id}` })).statusCode).toBe(204);
    expect((await api.inject({ method: 'GET', url: `/v1/products/${product.id}` })).statusCode).toBe(404);
  });

  it('filters by category including its descendants', async () => {
    const electronics = await createCategory(api, 'Electronics F');
    const phones = await createCategory(api, 'Phones F', electronics.id);
    const android = await createCategory(api, 'Android F', phones.id);
    const kitchen = await createCategory(api, 'Kitchen F');
    const inAndroid = await createProduct(api, { categoryId: android.id });
    const inPhones = await createProduct(api, { categoryId: phones.id });
    const inElectronics = await createProduct(api, { categoryId: electronics.id });
    const inKitchen = await createProduct(api, { categoryId: kitchen.id });

    expect(await listIds(`categoryId=${electronics.id}`)).toEqual([
      inElectronics.id,
      inPhones.id,
      inAndroid.id,
    ]);
    expect(await listIds(`categoryId=${phones.id}`)).toEqual([inPhones.id, inAndroid.id]);
    expect(await listIds(`categoryId=${android.id}`)).toEqual([inAndroid.id]);
    expect(await listIds(`categoryId=${kitchen.id}`)).toEqual([inKitchen.id]);
  });

  it('filters by price range, stock, featured, active and text', async () => {
    const category = await createCategory(api, 'Filter target');
    const scope = `categoryId=${category.id}`;
    const cheap = await createProduct(api, {
      categoryId: category.id,
      price: '50.00',
      stock: 0,
      name: 'Maziwa Lala',
    });
    const middle = await createProduct(api, {
      categoryId: category.id,
      price: '500.00',
      stock: 3,
      featured: true,
      sku: 'SOLAR-LAMP-S1',
    });
    const dear = await createProduct(api, {
      categoryId: category.id,
      price: '5000.00',
      stock: 40,
      description: 'Jiko la gesi, burner mbili',
    });
    const retired = await createProduct(api, {
      categoryId: category.id,
      price: '500.00',
      stock: 8,
      active: false,
    });

    expect(await listIds(`${scope}&minPrice=500`)).toEqual([retired.id, dear.id, middle.id]);
    expect(await listIds(`${scope}&maxPrice=500.00`)).toEqual([retired.id, middle.id, cheap.id]);
    expect(await listIds(`${scope}&minPrice=100&maxPrice=1000`)).toEqual([retired.id, middle.id]);
    expect(await listIds(`${scope}&inStock=true`)).toEqual([retired.id, dear.id, middle.id]);
    expect(await listIds(`${scope}&inStock=false`)).toEqual([cheap.id]);
    expect(await listIds(`${scope}&maxStock=3`)).toEqual([middle.id, cheap.id]);
    expect(await listIds(`${scope}&maxStock=3&inStock=true`)).toEqual([middle.id]);
    expect(await listIds(`${scope}&featured=true`)).toEqual([middle.id]);
    expect(await listIds(`${scope}&featured=false`)).toEqual([retired.id, dear.id, cheap.id]);
    expect(await listIds(`${scope}&active=false`)).toEqual([retired.id]);
    expect(await listIds(`${scope}&q=maziwa`)).toEqual([cheap.id]);
    expect(await listIds(`${scope}&q=solar-lamp`)).toEqual([middle.id]);
    expect(await listIds(`${scope}&q=GESI`)).toEqual([dear.id]);
    expect(await listIds(`${scope}&q=${encodeURIComponent('%')}`)).toEqual([]);
  });

  it('pages newest first with a cursor that keeps the filters', async () => {
    const category = await createCategory(api, 'Paged products');
    const created: ProductJson[] = [];
    for (let i = 0; i < 7; i++) {
      created.push(await createProduct(api, { categoryId: category.id, featured: i % 2 === 0 }));
    }
    const featured = created.filter((product) => product.featured).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/products?categoryId=${category.id}&featured=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await api.inject({ method: 'GET', url })).json<{
        items: ProductJson[];
        nextCursor: string | null;
      }>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((product) => product.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(featured.map((product) => product.id));
    expect(nth(seen, 0)).toBe(nth(created, 6).id);
  });

  it('takes the currency given', async () => {
    expect((await createProduct(api, { currency: 'USD', price: '12.00' })).currency).toBe('USD');
  });
});
