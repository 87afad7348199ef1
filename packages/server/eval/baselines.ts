import type { PurchaseLine } from '../src/orders/order-history.repository.js';
import { countCoOccurrence } from '../src/recommend/build-item-models.js';
import { createIdInterner } from '../src/recommend/id-interner.js';

/**
 * The baselines the engine is measured against, each built from the same
 * training lines. They are written plainly, from their textbook definitions.
 */
export function buildBaselines(train: PurchaseLine[], split: Date, trendingDays = 30) {
  const { ids, indexOf: index, idOf } = createIdInterner();
  const baskets = new Map<string, Set<number>>();
  const users = new Map<string, Set<number>>();
  const recentBuyers = new Map<string, Set<string>>();
  const since = split.getTime() - trendingDays * 86_400_000;
  for (const l of train) {
    const i = idOf(l.productId);
    (baskets.get(l.orderId) ?? baskets.set(l.orderId, new Set()).get(l.orderId)!).add(i);
    (users.get(l.buyer) ?? users.set(l.buyer, new Set()).get(l.buyer)!).add(i);
    if (l.placedAt.getTime() >= since) (recentBuyers.get(l.productId) ?? recentBuyers.set(l.productId, new Set()).get(l.productId)!).add(l.buyer);
  }

  // Trending popularity: distinct buyers in the last `trendingDays` before the split.
  const trending = [...recentBuyers].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);

  const basketCo = countCoOccurrence([...baskets.values()].map((s) => [...s]), ids.length);
  const userCo = countCoOccurrence([...users.values()].map((s) => [...s]), ids.length);

  /** Pairs of an item with every item seen with it, computed once per item and cached. */
  const cache = (co: ReturnType<typeof countCoOccurrence>) => {
    const scratch = new Float64Array(ids.length);
    const touched: number[] = [];
    const memo = new Map<number, [number, number][]>();
    return (i: number) => {
      let row = memo.get(i);
      if (!row) {
        row = [];
        co.forEachPair(i, scratch, touched, (j, c) => row!.push([j, c]));
        memo.set(i, row);
      }
      return row;
    };
  };
  const basketPairs = cache(basketCo);
  const userPairs = cache(userCo);

  const score = (items: string[], pairs: (i: number) => [number, number][], f: (c: number, ci: number, cj: number) => number, combine: 'sum' | 'max', counts: Float64Array) => {
    const out = new Map<string, number>();
    for (const p of new Set(items)) {
      const i = index.get(p);
      if (i === undefined) continue;
      for (const [j, c] of pairs(i)) {
        const s = f(c, counts[i]!, counts[j]!);
        const id = ids[j]!;
        const prev = out.get(id) ?? 0;
        out.set(id, combine === 'sum' ? prev + s : Math.max(prev, s));
      }
    }
    return out;
  };

  return {
    trending,
    /** Raw co-occurrence counts in baskets, summed over the query items. */
    coOccurrence: (items: string[]) => score(items, basketPairs, (c) => c, 'sum', basketCo.itemCount),
    /** Cosine similarity of items over baskets, summed over the query items. */
    basketCosine: (items: string[]) => score(items, basketPairs, (c, ci, cj) => c / Math.sqrt(ci * cj), 'sum', basketCo.itemCount),
    /** Association rules i→j ranked by their best confidence c_ij / c_i. */
    maxConfidence: (items: string[]) => score(items, basketPairs, (c, ci) => c / ci, 'max', basketCo.itemCount),
    /** Item-kNN: cosine of items over their buyers, summed over the shopper's items. */
    itemKnn: (items: string[]) => score(items, userPairs, (c, ci, cj) => c / Math.sqrt(ci * cj), 'sum', userCo.itemCount),
  };
}

/** The shopper's own past products, by how many of their orders held each (ties: the latest first). */
export function ownByFrequency(history: PurchaseLine[]): string[] {
  const orders = new Map<string, Set<string>>();
  const last = new Map<string, number>();
  for (const l of history) {
    (orders.get(l.productId) ?? orders.set(l.productId, new Set()).get(l.productId)!).add(l.orderId);
    last.set(l.productId, Math.max(last.get(l.productId) ?? 0, l.placedAt.getTime()));
  }
  return [...orders].sort((a, b) => b[1].size - a[1].size || last.get(b[0])! - last.get(a[0])!).map(([id]) => id);
}
