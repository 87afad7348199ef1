import { describe, expect, it } from 'vitest';
import type { Product } from '../catalog/products.table.js';
import type { ItemModel } from './build-item-models.js';
import { rankShowcase } from './rank-showcase.js';
import { assembleShopModel } from './shop-model.js';

const DAY = 86_400_000;
const now = new Date('2026-11-27T12:00:00Z');

const product = (id: string, category: string, ageDays: number): Product => ({
  shop_id: 's', id, name: id, description: '', category, brand: 'Acme', price: 10, currency: 'EUR', url: '', image_url: '',
  regions: [], in_stock: true, warranty_months: 0, consumable: false, repurchase_days: null, tags: [],
  created_at: new Date(now.getTime() - ageDays * DAY), updated_at: now,
});
const item = (productId: string, trending: number): ItemModel => ({
  productId, buyers: 1, recentBuyers: 1, trending, viewers: 0, medianRepurchaseDays: null, coPurchase: [], coView: [],
});

describe('rankShowcase', () => {
  it('offers what is popular and what is new in the categories a shopper looks at, with the reason', () => {
    const products = [product('tea-viewed', 'Tea', 400), product('tea-new', 'Tea', 3), product('tea-popular', 'Tea', 400), product('lamp', 'Lighting', 400)];
    const model = assembleShopModel('s', products, [item('tea-popular', 8), item('lamp', 10), item('tea-new', 1)], [], null);
    const items = rankShowcase(model, { purchases: [], interactions: [{ event: 'Product Viewed', productId: 'tea-viewed', at: now }], region: undefined, now }, { limit: 5 });
    const reason = (id: string) => items.find((i) => i.productId === id)?.reason;
    expect(reason('tea-new')).toEqual({ code: 'new_arrival', text: 'New in Tea' });
    expect(reason('tea-popular')).toEqual({ code: 'affinity', text: 'Popular in Tea, which you like' });
    // The shop's best seller is shown too, after the favourite category's.
    expect(items.findIndex((i) => i.productId === 'tea-popular')).toBeLessThan(items.findIndex((i) => i.productId === 'lamp'));
  });

  it('never calls a missing category a favourite: uncategorized products are shown for other reasons', () => {
    const products = [product('thing-viewed', '', 400), product('thing-new', '', 3), product('thing-popular', '', 400)];
    const model = assembleShopModel('s', products, [item('thing-popular', 8), item('thing-new', 1)], [], null);
    const items = rankShowcase(model, { purchases: [], interactions: [{ event: 'Product Viewed', productId: 'thing-viewed', at: now }], region: undefined, now }, { limit: 5 });
    expect(items.map((i) => i.reason.code)).not.toContain('affinity');
    expect(items.map((i) => i.reason.code)).not.toContain('new_arrival');
    expect(items.find((i) => i.productId === 'thing-popular')?.reason.code).toBe('trending');
  });
});
