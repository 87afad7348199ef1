import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertProducts } from '../catalog/products.repository.js';
import type { DatabaseHandle } from '../db/database.js';
import { recordOrders } from '../orders/orders.service.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testLogger } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { rebuildShopModels } from './model-builder.service.js';
import { ModelStore } from './model-store.js';

let t: DatabaseHandle;
let shopId: string;

async function order(id: string, items: string[]) {
  await recordOrders(t.db, [
    {
      order: { shop_id: shopId, id, customer_id: `c-${id}`, anonymous_id: null, email: null, status: 'delivered', placed_at: new Date(), total: items.length, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: null, tracking_number: null, delivered_at: null, source: 'import' },
      items: items.map((p, i) => ({ shop_id: shopId, order_id: id, line_no: i + 1, product_id: p, name: p, quantity: 1, unit_price: 1, serial_numbers: [] })),
    },
  ]);
}

beforeAll(async () => {
  t = await openTestDatabase();
  shopId = (await createShop(t.db, { name: 'Store Shop' })).shop_id;
  await insertProducts(t.db, ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'].map((id) => ({ shop_id: shopId, id, name: id, category: 'Home', brand: 'Acme', price: 1 })));
  // Pairs count only above chance: other baskets make these ones stand out.
  for (const id of ['o1', 'o2', 'o3']) await order(id, ['p-a', 'p-b']);
  for (const id of ['x1', 'x2', 'x3']) await order(id, ['p-d', 'p-e']);
  await rebuildShopModels(t.db, shopId, { trigger: 'test' });
}, 60_000);
afterAll(() => t?.close());

describe('ModelStore', () => {
  it('after a rebuild, keeps serving the current model while it loads the new one', async () => {
    const store = new ModelStore(t.db, testLogger);
    await store.preload([shopId], 10_000);
    const before = await store.get(shopId);
    expect(before.items.get('p-a')?.coPurchase.map(([n]) => n)).toEqual(['p-b']);

    for (const id of ['o4', 'o5', 'o6', 'o7']) await order(id, ['p-a', 'p-c']);
    await rebuildShopModels(t.db, shopId, { trigger: 'test' });
    store.markStale();
    // The next request is answered at once, from the model in memory...
    expect(await store.get(shopId)).toBe(before);
    // ...and soon the new one takes its place.
    await waitUntil(async () => (await store.get(shopId)) !== before);
    expect((await store.get(shopId)).items.get('p-a')?.coPurchase.map(([n]) => n)).toContain('p-c');
  });
});
