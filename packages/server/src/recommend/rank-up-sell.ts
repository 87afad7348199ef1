import type { RecommendedItem } from '@vitrina/protocol';
import { CandidateSet, finalize } from './candidates.js';
import type { ShopModel } from './shop-model.js';
import type { Shopper } from './shopper.js';

/**
 * A step up from a product: the same category, a higher price tier, within
 * the price band this shopper buys in (up to a quarter above the dearest item
 * they bought, or half again the product's price for a new shopper), the
 * better-selling first.
 * @example rankUpSell(model, 'p-0003', shopper, { limit: 3 })[0].reason.code // => 'step_up'
 */
export function rankUpSell(model: ShopModel, productId: string, shopper: Shopper, opts: { limit: number }): RecommendedItem[] {
  const base = model.products.get(productId);
  if (!base) return [];
  const dearest = Math.max(0, ...shopper.purchases.map((l) => l.unitPrice));
  const ceiling = Math.max(base.price * 1.5, dearest * 1.25);
  const set = new CandidateSet();
  for (const id of model.trendingByCategory.get(base.category) ?? []) {
    const p = model.products.get(id)!;
    if (p.id === base.id || p.price <= base.price * 1.05 || p.price > ceiling) continue;
    const m = model.items.get(id);
    const popularity = (m?.buyers ?? 0) + 1;
    set.add(id, popularity / (1 + (p.price - base.price) / base.price), {
      code: 'step_up',
      text: `A step up from ${base.name}${m && m.buyers > 0 ? `, chosen by ${m.buyers} shoppers` : ''}`,
    });
  }
  return finalize(model, set, { placement: 'cross-sell', limit: opts.limit, region: shopper.region, exclude: new Set([base.id]) });
}
