import type { PurchaseLine } from '../orders/index.js';
import { createIdInterner } from './id-interner.js';
import type { Neighbour } from './recommend.table.js';

export interface ItemModel {
  productId: string;
  buyers: number;
  recentBuyers: number;
  trending: number;
  viewers: number;
  medianRepurchaseDays: number | null;
  coPurchase: Neighbour[];
  coView: Neighbour[];
}

export interface BuildParams {
  now: Date;
  /** Window of "recent" buyers. */
  recentDays: number;
  /** Half-life of a sale's weight in the trending score. */
  trendingHalfLifeDays: number;
  /** Neighbours kept per product. */
  neighbours: number;
  /** Baskets larger than this count only their first items for pairs (wholesale orders hold hundreds). */
  maxBasketItems: number;
  /** Pairs seen fewer times than this are noise. */
  minSupport: number;
  /**
   * Asymmetric cosine: score(i→j) = c_ij / (c_i^alpha * c_j^(1-alpha)).
   * 0.5 is plain cosine; a higher alpha favours complements popular in their own right.
   */
  alpha: number;
}

export const defaultBuildParams = (now: Date): BuildParams => ({
  now,
  recentDays: 30,
  trendingHalfLifeDays: 21,
  neighbours: 50,
  maxBasketItems: 80,
  minSupport: 2,
  alpha: 0.75,
});

const DAY = 86_400_000;

/**
 * Builds every product's model from purchase lines and product views:
 * popularity (all-time, recent, time-decayed), co-purchase and co-view
 * neighbours, and the typical repurchase interval. Lift is only a filter
 * (pairs that occur less than chance are dropped); the ranking score is the
 * asymmetric cosine, which does not float rare items the way lift does.
 * @example buildItemModels(lines, views, defaultBuildParams(new Date())).get('p-0001')?.coPurchase[0]
 * // => ['p-0042', 0.31, 34]
 */
export function buildItemModels(lines: PurchaseLine[], views: { visitor: string; productId: string }[], params: BuildParams): Map<string, ItemModel> {
  const { ids, idOf } = createIdInterner();

  const now = params.now.getTime();
  const recentSince = now - params.recentDays * DAY;
  const decay = Math.LN2 / (params.trendingHalfLifeDays * DAY);
  const buyers = new Map<number, Set<string>>();
  const recentBuyers = new Map<number, Set<string>>();
  const trending = new Map<number, number>();
  const basketsByOrder = new Map<string, number[]>();
  const purchaseDays = new Map<string, number[]>();

  for (const l of lines) {
    const i = idOf(l.productId);
    addToSet(buyers, i, l.buyer);
    const t = l.placedAt.getTime();
    if (t >= recentSince) addToSet(recentBuyers, i, l.buyer);
    trending.set(i, (trending.get(i) ?? 0) + Math.exp(-decay * Math.max(0, now - t)));
    const basket = basketsByOrder.get(l.orderId);
    if (basket) {
      if (!basket.includes(i)) basket.push(i);
    } else basketsByOrder.set(l.orderId, [i]);
    const key = `${l.buyer}\u0000${i}`;
    const day = Math.floor(t / DAY);
    const days = purchaseDays.get(key);
    if (!days) purchaseDays.set(key, [day]);
    else if (days.at(-1) !== day) days.push(day);
  }

  const viewSessions = new Map<string, number[]>();
  const viewers = new Map<number, number>();
  for (const v of views) {
    const i = idOf(v.productId);
    const s = viewSessions.get(v.visitor);
    if (s) {
      if (!s.includes(i)) s.push(i);
    } else viewSessions.set(v.visitor, [i]);
    viewers.set(i, (viewers.get(i) ?? 0) + 1);
  }

  const intervals = new Map<number, number[]>();
  for (const [key, days] of purchaseDays) {
    if (days.length < 2) continue;
    const i = Number(key.slice(key.indexOf('\u0000') + 1));
    const list = intervals.get(i) ?? [];
    for (let k = 1; k < days.length; k++) list.push(days[k]! - days[k - 1]!);
    intervals.set(i, list);
  }

  const baskets = [...basketsByOrder.values()].map((b) => b.slice(0, params.maxBasketItems));
  const coPurchase = neighboursFrom(baskets, ids.length, params);
  const coView = neighboursFrom(
    [...viewSessions.values()].map((s) => s.slice(-params.maxBasketItems)),
    ids.length,
    params,
  );

  const models = new Map<string, ItemModel>();
  ids.forEach((productId, i) => {
    const iv = intervals.get(i);
    models.set(productId, {
      productId,
      buyers: buyers.get(i)?.size ?? 0,
      recentBuyers: recentBuyers.get(i)?.size ?? 0,
      trending: trending.get(i) ?? 0,
      viewers: viewers.get(i) ?? 0,
      medianRepurchaseDays: iv && iv.length >= 3 ? median(iv) : null,
      coPurchase: (coPurchase[i] ?? []).map(([j, s, c]) => [ids[j]!, s, c]),
      coView: (coView[i] ?? []).map(([j, s, c]) => [ids[j]!, s, c]),
    });
  });
  return models;
}

/** Co-occurrence counts of products in the same basket. */
export function countCoOccurrence(baskets: number[][], size: number) {
  const itemCount = new Float64Array(size);
  const basketsOf: number[][] = Array.from({ length: size }, () => []);
  baskets.forEach((b, k) => {
    for (const i of b) {
      itemCount[i]!++;
      basketsOf[i]!.push(k);
    }
  });
  /** Calls back with (j, c_ij) for every j seen with i. */
  const forEachPair = (i: number, scratch: Float64Array, touched: number[], fn: (j: number, c: number) => void) => {
    for (const k of basketsOf[i]!) {
      for (const j of baskets[k]!) {
        if (j === i) continue;
        if (scratch[j] === 0) touched.push(j);
        scratch[j]!++;
      }
    }
    for (const j of touched) {
      fn(j, scratch[j]!);
      scratch[j] = 0;
    }
    touched.length = 0;
  };
  return { itemCount, total: baskets.length, forEachPair };
}

function neighboursFrom(baskets: number[][], size: number, params: BuildParams): [number, number, number][][] {
  const { itemCount, total, forEachPair } = countCoOccurrence(baskets, size);
  const scratch = new Float64Array(size);
  const touched: number[] = [];
  const out: [number, number, number][][] = new Array(size);
  for (let i = 0; i < size; i++) {
    const ci = itemCount[i]!;
    if (ci === 0) continue;
    const cands: [number, number, number][] = [];
    forEachPair(i, scratch, touched, (j, c) => {
      if (c < params.minSupport) return;
      const cj = itemCount[j]!;
      const lift = (c * total) / (ci * cj);
      if (lift <= 1) return;
      cands.push([j, round(c / (Math.pow(ci, params.alpha) * Math.pow(cj, 1 - params.alpha))), c]);
    });
    cands.sort((a, b) => b[1] - a[1]);
    out[i] = cands.slice(0, params.neighbours);
  }
  return out;
}

function addToSet(m: Map<number, Set<string>>, k: number, v: string) {
  const s = m.get(k);
  if (s) s.add(v);
  else m.set(k, new Set([v]));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;
