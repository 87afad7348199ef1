import type { Db } from '../db/database.js';
import { countListViews, listRecommendationClicks } from '../ingest/index.js';
import { findPurchaseLinesOfShoppers } from '../orders/index.js';

/** What recommendations earned in a period, for one list (slot) or one reason. */
export interface PerformanceFigures {
  /** Lists shown (`Product List Viewed`) with at least one item of this row. */
  views: number;
  /** Items shown: every item of every list shown (the impressions). */
  items: number;
  clicks: number;
  /** Clicks ÷ items shown (0 when nothing was shown). */
  ctr: number;
  /** Clicks after which the same browser added the clicked product to its cart within 7 days. */
  cartAdds: number;
  /** Orders that contained a clicked product, placed by the clicking shopper within 7 days after the click. */
  orders: number;
  revenue: number;
}
export interface ListPerformance extends PerformanceFigures {
  list: string;
}
export interface ReasonPerformance extends PerformanceFigures {
  reason: string;
}

const ATTRIBUTION_DAYS = 7;
const empty = (): PerformanceFigures => ({ views: 0, items: 0, clicks: 0, ctr: 0, cartAdds: 0, orders: 0, revenue: 0 });

/**
 * The merchant's report of what recommendations earn, per list (slot) and per
 * reason: a click counts for an order when the same shopper bought the
 * clicked product within 7 days, and for a cart add when the same browser
 * added it within 7 days. Impressions and clicks carry the item's reason code
 * since the sdk sends it; older ones count as `unknown`.
 * @example await measureRecommendationPerformance(db, 'demo', 30)
 * // => { lists: [{ list: 'cross-sell', views: 812, items: 3248, clicks: 64, ctr: 0.0197, cartAdds: 21, orders: 9, revenue: 431.5 }, ...], reasons: [{ reason: 'bought_together', ... }] }
 */
export async function measureRecommendationPerformance(db: Db, shopId: string, days: number, now = new Date()): Promise<{ lists: ListPerformance[]; reasons: ReasonPerformance[] }> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const [shown, clicks] = await Promise.all([countListViews(db, shopId, since), listRecommendationClicks(db, shopId, since, ATTRIBUTION_DAYS)]);
  const lines = await findPurchaseLinesOfShoppers(
    db,
    shopId,
    {
      customerIds: [...new Set(clicks.map((c) => c.userId).filter((x): x is string => Boolean(x)))],
      anonymousIds: [...new Set(clicks.map((c) => c.anonymousId).filter((x): x is string => Boolean(x)))],
    },
    since,
  );
  const lists = new Map<string, PerformanceFigures>();
  const reasons = new Map<string, PerformanceFigures>();
  const row = (map: Map<string, PerformanceFigures>, key: string) => map.get(key) ?? map.set(key, empty()).get(key)!;
  for (const s of shown) {
    const f = s.reason === null ? row(lists, s.listId) : row(reasons, s.reason);
    f.items += s.items;
    f.views += s.views;
  }
  // Purchase lines by shopper and product, so each click looks up only its own.
  const linesOf = new Map<string, typeof lines>();
  const keyOf = (who: string, productId: string) => `${who}\u0000${productId}`;
  for (const l of lines) {
    for (const who of [l.customerId && `c:${l.customerId}`, l.anonymousId && `a:${l.anonymousId}`]) {
      if (!who) continue;
      const k = keyOf(who, l.productId);
      const list = linesOf.get(k);
      if (list) list.push(l);
      else linesOf.set(k, [l]);
    }
  }
  const credited = new Set<string>();
  for (const c of clicks) {
    const targets = [row(lists, c.listId), row(reasons, c.reason)];
    for (const t of targets) {
      t.clicks++;
      if (c.addedToCart) t.cartAdds++;
    }
    const from = c.at.getTime();
    const until = from + ATTRIBUTION_DAYS * 86_400_000;
    const candidates = [
      ...(c.userId ? (linesOf.get(keyOf(`c:${c.userId}`, c.productId)) ?? []) : []),
      ...(c.anonymousId ? (linesOf.get(keyOf(`a:${c.anonymousId}`, c.productId)) ?? []) : []),
    ];
    for (const l of candidates) {
      const t = l.placedAt.getTime();
      if (t < from || t > until) continue;
      // Each order line is credited once, to the first click that led to it.
      const key = `${l.orderId}\u0000${l.productId}`;
      if (credited.has(key)) continue;
      credited.add(key);
      for (const r of targets) {
        r.orders++;
        r.revenue = Math.round((r.revenue + l.quantity * l.unitPrice) * 100) / 100;
      }
    }
  }
  const finish = (f: PerformanceFigures) => ({ ...f, ctr: f.items > 0 ? Math.round((f.clicks / f.items) * 10_000) / 10_000 : 0 });
  const order = (a: PerformanceFigures, b: PerformanceFigures) => b.revenue - a.revenue || b.clicks - a.clicks || b.items - a.items;
  return {
    lists: [...lists].map(([list, f]) => ({ list, ...finish(f) })).sort(order),
    reasons: [...reasons].map(([reason, f]) => ({ reason, ...finish(f) })).sort(order),
  };
}
