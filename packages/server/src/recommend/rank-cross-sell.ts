import type { RecommendedItem } from '@vitrina/protocol';
import { CandidateSet, finalize, plural } from './candidates.js';
import type { ShopModel } from './shop-model.js';

export interface CrossSellWeights {
  /** Weight of co-view neighbours next to co-purchase ones (the fallback when purchases are thin). */
  coView: number;
}
export const defaultCrossSellWeights: CrossSellWeights = { coView: 0.05 };

/**
 * Complements of a product or a whole cart: co-purchase neighbours summed
 * over the cart, co-view neighbours as a fallback, and popular products of
 * the categories bought with the cart's as the last resort. Never the cart's
 * own items.
 * @example rankCrossSell(model, ['p-0001'], { limit: 4, region: 'DE' })[0].reason.text
 * // => 'Bought together with Sonora Pro Wireless Headphones by 34 shoppers'
 */
export function rankCrossSell(
  model: ShopModel,
  productIds: string[],
  opts: { limit: number; region: string | undefined; weights?: CrossSellWeights },
): RecommendedItem[] {
  const w = opts.weights ?? defaultCrossSellWeights;
  const cart = new Set(productIds);
  const set = new CandidateSet();
  for (const id of cart) {
    const m = model.items.get(id);
    const name = model.products.get(id)?.name ?? 'your choice';
    if (!m) continue;
    for (const [n, sim, support] of m.coPurchase) {
      set.add(n, sim, () => ({ code: 'bought_together', text: `Bought together with ${name} by ${plural(support, 'shopper')}` }));
    }
    for (const [n, sim] of m.coView) {
      set.add(n, w.coView * sim, () => ({ code: 'viewed_together', text: `Shoppers who viewed ${name} also viewed this` }));
    }
  }
  if (set.map.size < opts.limit) {
    // Last resort: what sells in the categories bought alongside the cart's.
    const categories = new Set([...cart].map((id) => model.products.get(id)?.category).filter((c): c is string => Boolean(c)));
    let rank = 0;
    for (const c of categories) {
      for (const other of (model.complementCategories.get(c) ?? []).slice(0, 3)) {
        for (const id of (model.trendingByCategory.get(other) ?? []).slice(0, opts.limit)) {
          set.add(id, 1e-4 / ++rank, { code: 'category_complement', text: `Often bought with ${c}: popular in ${other}` });
        }
      }
    }
  }
  return finalize(model, set, { placement: 'cross-sell', limit: opts.limit, region: opts.region, exclude: cart });
}
