import type { Db } from '../db/database.js';
import { countListViews, listRecommendationClicks } from '../ingest/event-history.repository.js';
import { findPurchaseLinesOfShoppers } from '../orders/order-history.repository.js';

/** What each recommendation list earned: shown, clicked, and bought after a click. */
export interface ListPerformance {
  list: string;
  views: number;
  clicks: number;
  /** Orders that contained a clicked product, placed by the clicking shopper within the window after the click. */
  orders: number;
  revenue: number;
}

const ATTRIBUTION_DAYS = 7;

/**
 * The merchant's report of what recommendations earn: a click counts for an
 * order when the same shopper bought the clicked product within 7 days.
 * @example await measureRecommendationPerformance(db, 'demo', 30)
 * // => [{ list: 'cross-sell', views: 812, clicks: 64, orders: 9, revenue: 431.5 }, ...]
 */
export async function measureRecommendationPerformance(db: Db, shopId: string, days: number, now = new Date()): Promise<ListPerformance[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const [views, clicks] = await Promise.all([countListViews(db, shopId, since), listRecommendationClicks(db, shopId, since)]);
  const lines = await findPurchaseLinesOfShoppers(
    db,
    shopId,
    {
      customerIds: [...new Set(clicks.map((c) => c.userId).filter((x): x is string => Boolean(x)))],
      anonymousIds: [...new Set(clicks.map((c) => c.anonymousId).filter((x): x is string => Boolean(x)))],
    },
    since,
  );
  const report = new Map<string, ListPerformance>();
  const row = (list: string) => report.get(list) ?? report.set(list, { list, views: views.get(list) ?? 0, clicks: 0, orders: 0, revenue: 0 }).get(list)!;
  for (const list of views.keys()) row(list);
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
    const r = row(c.listId);
    r.clicks++;
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
      r.orders++;
      r.revenue = Math.round((r.revenue + l.quantity * l.unitPrice) * 100) / 100;
    }
  }
  return [...report.values()].sort((a, b) => b.revenue - a.revenue || b.clicks - a.clicks);
}
