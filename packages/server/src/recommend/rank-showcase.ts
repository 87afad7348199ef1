import type { RecommendedItem } from '@vitrina/protocol';
import { CandidateSet, finalize, isDurable, plural } from './candidates.js';
import type { ShopModel } from './shop-model.js';
import { daysBetween, summarizeOwnProducts, type Shopper } from './shopper.js';

/** How much each signal counts in the showcase; tuned by `pnpm eval` on real orders. */
export interface ShowcaseWeights {
  own: number;
  ownHalfLifeDays: number;
  recentlyViewed: number;
  neighbours: number;
  affinity: number;
  newArrivals: number;
  trending: number;
  /** Seeds (bought or viewed products) whose neighbours are followed, strongest first. */
  maxSeeds: number;
  /** Neighbours followed per seed: the weak tail never reaches the top and costs time. */
  neighboursPerSeed: number;
}

export const defaultShowcaseWeights: ShowcaseWeights = {
  own: 1,
  ownHalfLifeDays: 120,
  recentlyViewed: 0.3,
  neighbours: 0.3,
  affinity: 0.1,
  newArrivals: 0.15,
  trending: 0.08,
  maxSeeds: 200,
  neighboursPerSeed: 50,
};

const NEW_ARRIVAL_DAYS = 30;
/** New candidates taken from neighbours (a showcase shows at most 50 items). */
const NEIGHBOURS_KEPT = 100;

/**
 * The showcase for one shopper: their own buy-again products, what they just
 * looked at, neighbours of both, favourite categories, new arrivals there and
 * what is trending, in that order of weight; filtered to what they can buy in
 * their region, never a durable they already own.
 * @example rankShowcase(model, shopper, { limit: 8 })[0].reason
 * // => { code: 'buy_again', text: 'You bought this 4 times; last time 27 days ago' }
 */
export function rankShowcase(model: ShopModel, shopper: Shopper, opts: { limit: number; weights?: ShowcaseWeights }): RecommendedItem[] {
  const w = opts.weights ?? defaultShowcaseWeights;
  const set = new CandidateSet();
  const own = summarizeOwnProducts(shopper, w.ownHalfLifeDays);
  const exclude = new Set<string>();
  const categoryWeight = new Map<string, number>();
  /** Counts toward the product's category; returns the catalog entry, for the candidate. */
  const likeCategory = (productId: string, x: number) => {
    const p = model.products.get(productId);
    // Products without a category (an imported catalog may have none) count toward no category.
    if (p?.category) categoryWeight.set(p.category, (categoryWeight.get(p.category) ?? 0) + x);
    return p;
  };

  // Buy again: recency-weighted frequency of the shopper's own purchases.
  const maxOwn = Math.max(0, ...[...own.values()].map((o) => o.weight));
  const seeds: { id: string; weight: number; viewed: boolean }[] = [];
  for (const o of own.values()) {
    const p = likeCategory(o.productId, o.times);
    if (p && isDurable(p)) {
      exclude.add(o.productId);
      seeds.push({ id: o.productId, weight: 1, viewed: false });
      continue;
    }
    const norm = maxOwn > 0 ? o.weight / maxOwn : 0;
    seeds.push({ id: o.productId, weight: norm, viewed: false });
    set.add(o.productId, w.own * (0.5 + 0.5 * norm), () => ({
      code: 'buy_again',
      text: `You bought this ${o.times === 1 ? 'once' : `${o.times} times`}; last time ${plural(daysBetween(o.last, shopper.now), 'day')} ago`,
    }), p);
  }

  // Recently viewed or added to cart, newest first.
  const seen = new Set<string>();
  shopper.interactions.forEach((it, rank) => {
    if (seen.has(it.productId)) return;
    seen.add(it.productId);
    const recency = Math.pow(0.5, seen.size / 5);
    const x = it.event === 'Product Added' ? 1.5 * recency : recency;
    const p = likeCategory(it.productId, x);
    seeds.push({ id: it.productId, weight: x, viewed: true });
    if (!own.has(it.productId) && rank < 20) {
      set.add(it.productId, w.recentlyViewed * x, { code: 'recently_viewed', text: 'You looked at this recently' }, p);
    }
  });

  // Neighbours of what they bought and viewed, added up in typed arrays.
  const nx = model.neighbours;
  const acc = scratchFor(nx.ids.length);
  seeds.sort((a, b) => b.weight - a.weight);
  for (const s of seeds.slice(0, w.maxSeeds)) {
    const i = nx.indexOf.get(s.id);
    if (i === undefined) continue;
    for (const [lists, coView] of [[nx.purchase, false], [nx.view, true]] as const) {
      const end = Math.min(lists.start[i + 1]!, lists.start[i]! + w.neighboursPerSeed);
      for (let k = lists.start[i]!; k < end; k++) {
        const n = lists.to[k]!;
        const x = s.weight * lists.sim[k]! * (coView ? 0.5 : 1);
        if (acc.score[n] === 0) acc.touched.push(n);
        acc.score[n]! += x;
        if (x > acc.best[n]!) {
          acc.best[n] = x;
          acc.entry[n] = coView ? -k - 1 : k;
          acc.seed[n] = i;
        }
      }
    }
  }
  // Products already candidates (bought, viewed) take their neighbour score as a boost.
  for (const id of set.map.keys()) {
    const n = nx.indexOf.get(id);
    if (n !== undefined) acc.candidate[n] = 1;
  }
  let maxNbr = 0;
  let fresh = 0;
  for (const n of acc.touched) {
    maxNbr = Math.max(maxNbr, acc.score[n]!);
    if (!acc.candidate[n]) acc.sorted[fresh++] = acc.score[n]!;
  }
  // New neighbours compete only for the few places left: keep the strongest,
  // so that thousands of weak ones cost nothing further.
  const keepAbove = fresh > NEIGHBOURS_KEPT ? kthLargest(acc.sorted.subarray(0, fresh), NEIGHBOURS_KEPT) : 0;
  for (const n of acc.touched) {
    const sc = acc.score[n]!;
    if (sc >= keepAbove || acc.candidate[n]) {
      const k = acc.entry[n]!;
      const seed = nx.ids[acc.seed[n]!]!;
      const support = k < 0 ? 0 : nx.purchase.support[k]!;
      set.add(nx.ids[n]!, (w.neighbours * sc) / maxNbr, () => {
        const seedName = model.products.get(seed)?.name ?? 'what you chose';
        return k < 0
          ? { code: 'viewed_together', text: `Shoppers who viewed ${seedName} also viewed this` }
          : { code: 'bought_together', text: `Bought together with ${seedName} by ${plural(support, 'shopper')}` };
      }, model.neighbourProducts[n]);
    }
    acc.score[n] = 0;
    acc.best[n] = 0;
    acc.candidate[n] = 0;
  }
  for (const id of set.map.keys()) {
    const n = nx.indexOf.get(id);
    if (n !== undefined) acc.candidate[n] = 0;
  }
  acc.touched.length = 0;

  // Favourite categories: what is trending there, and what is new there.
  const totalCat = [...categoryWeight.values()].reduce((a, b) => a + b, 0);
  const topCats = [...categoryWeight].sort((a, b) => b[1] - a[1]).slice(0, 3);
  const cutoff = shopper.now.getTime() - NEW_ARRIVAL_DAYS * 86_400_000;
  for (const [cat, cw] of topCats) {
    const share = cw / totalCat;
    for (const leader of model.categoryLeaders.get(cat) ?? []) {
      set.add(leader.id, w.affinity * share * leader.trendingShare, () => ({ code: 'affinity', text: `Popular in ${cat}, which you like` }), leader.product);
      if (leader.createdAtMs >= cutoff) set.add(leader.id, w.newArrivals * share, { code: 'new_arrival', text: `New in ${cat}` }, leader.product);
    }
  }

  // Trending across the shop: a recent window beats all-time popularity.
  for (const leader of model.shopLeaders) {
    set.add(
      leader.id,
      w.trending * leader.trendingShare + 1e-6,
      () =>
        leader.recentBuyers > 0
          ? { code: 'trending', text: `Trending: ${plural(leader.recentBuyers, 'shopper')} bought it in the last 30 days` }
          : { code: 'popular', text: 'Popular in the shop' },
      leader.product,
    );
  }

  return finalize(model, set, { placement: 'showcase', limit: opts.limit, region: shopper.region, exclude });
}

interface Scratch {
  score: Float64Array;
  best: Float64Array;
  /** The neighbour entry that gave the most (negative: a co-view entry, as -k - 1). */
  entry: Int32Array;
  seed: Int32Array;
  /** 1 for products that were candidates before the neighbours were added. */
  candidate: Uint8Array;
  /** Scores of new neighbours, for the selection of the strongest. */
  sorted: Float64Array;
  touched: number[];
}
let scratch: Scratch | undefined;

/** Accumulators sized to the catalog, reused across calls (ranking is synchronous) and left zeroed. */
function scratchFor(size: number): Scratch {
  if (!scratch || scratch.score.length < size) {
    scratch = {
      score: new Float64Array(size),
      best: new Float64Array(size),
      entry: new Int32Array(size),
      seed: new Int32Array(size),
      candidate: new Uint8Array(size),
      sorted: new Float64Array(size),
      touched: [],
    };
  }
  return scratch;
}

/**
 * The k-th largest value (k from 1), in linear time: a selection, not a sort
 * (a shopper with many seeds touches thousands of neighbours). Reorders `values`.
 * @example kthLargest(Float64Array.of(5, 1, 4, 2), 2) // => 4
 */
export function kthLargest(values: Float64Array, k: number): number {
  const target = values.length - k;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return values[target]!;
  }
  return values[target]!;
}
