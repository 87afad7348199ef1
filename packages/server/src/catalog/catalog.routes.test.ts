import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { insertProducts } from './products.repository.js';

let server: RunningServer;
let shop: CreatedShop;
let other: CreatedShop;

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server.database.db, { name: 'Catalog Test Shop' });
  other = await createShop(server.database.db, { name: 'Another Shop' });
  const product = (shopId: string, id: string, name: string, category: string, brand: string) => ({ shop_id: shopId, id, name, category, brand, price: 10.5, url: `/p/${id}`, image_url: `/img/${id}.svg` });
  await insertProducts(server.database.db, [
    product(shop.shop_id, 'p-1', 'Classic Espresso Machine', 'Kitchen Appliances', 'Kochwerk'),
    product(shop.shop_id, 'p-2', 'Espresso Beans 1kg', 'Coffee', 'Roastery 9'),
    product(shop.shop_id, 'p-3', 'Green Tea', 'Tea', 'Chaya'),
    product(other.shop_id, 'p-9', 'Espresso Cups', 'Kitchen Appliances', 'Elsewhere'),
  ]);
});
afterAll(() => server?.close());

const get = (query: string) => fetch(`${server.url}/v1/products?${query}`);

describe('GET /v1/products', () => {
  it('finds the products whose name, brand or category match every searched word', async () => {
    const body = await readJson(await get(`writeKey=${shop.write_key}&q=espresso`));
    expect(body.products.map((p: { productId: string }) => p.productId)).toEqual(['p-1', 'p-2']);
    const narrowed = await readJson(await get(`writeKey=${shop.write_key}&q=${encodeURIComponent('espresso roastery')}`));
    expect(narrowed.products.map((p: { productId: string }) => p.productId)).toEqual(['p-2']);
  });

  it('returns products by id with what a product page shows', async () => {
    const body = await readJson(await get(`writeKey=${shop.write_key}&ids=p-3,p-404`));
    expect(body.products).toEqual([
      expect.objectContaining({ productId: 'p-3', name: 'Green Tea', category: 'Tea', brand: 'Chaya', price: 10.5, currency: 'EUR', url: '/p/p-3', imageUrl: '/img/p-3.svg', inStock: true }),
    ]);
  });

  it("lists one category and never another shop's products", async () => {
    const body = await readJson(await get(`writeKey=${shop.write_key}&category=${encodeURIComponent('Kitchen Appliances')}`));
    expect(body.products.map((p: { productId: string }) => p.productId)).toEqual(['p-1']);
  });

  it('treats % and _ in a search as plain characters', async () => {
    const body = await readJson(await get(`writeKey=${shop.write_key}&q=%25`));
    expect(body.products).toEqual([]);
  });

  it('answers a wrong write key with 401 and a bad limit with 400', async () => {
    expect((await get('writeKey=wk_wrong')).status).toBe(401);
    expect((await get(`writeKey=${shop.write_key}&limit=0`)).status).toBe(400);
  });
});
