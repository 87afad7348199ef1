import type { RecommendedItem } from '@vitrina/protocol';
import { CandidateSet, finalize, plural } from './candidates.js';
import type { ShopModel } from './shop-model.js';
import { daysBetween, summarizeOwnProducts, type OwnProduct, type Shopper } from './shopper.js';

/**
 * How many of the product's typical intervals a personal average is worth
 * (shrinkage). 4 measured best on the online-retail split (`pnpm eval`):
 * MAE 21.0 days at 2, 20.6 at 4 and at 6.
 */
export const REORDER_PRIOR_STRENGTH = 4;

/**
 * Days between purchases we expect of this shopper for this product: their
 * own average shrunk toward the product's typical interval, since a personal
 * average of two or three intervals is noisy.
 * @example expectedInterval([20, 40], 30) // => 30; expectedInterval([10], 30) // => 26
 */
export function expectedInterval(personal: number[], typical: number | null, strength = REORDER_PRIOR_STRENGTH): number | null {
  const n = personal.length;
  const mean = n ? personal.reduce((a, b) => a + b, 0) / n : null;
  if (mean === null) return typical;
  if (typical === null) return mean;
  return (n * mean + strength * typical) / (n + strength);
}

export interface ReorderPrediction {
  productId: string;
  interval: number;
  /** Days until the next expected purchase; negative when overdue. */
  dueInDays: number;
  own: OwnProduct;
}

/** Expected next purchase of each product the shopper rebuys (bought twice or more, or consumable). */
export function predictReorders(model: ShopModel, shopper: Shopper, strength = REORDER_PRIOR_STRENGTH): ReorderPrediction[] {
  const out: ReorderPrediction[] = [];
  for (const own of summarizeOwnProducts(shopper, 90).values()) {
    const p = model.products.get(own.productId);
    if (own.times < 2 && !p?.consumable) continue;
    const typical = model.items.get(own.productId)?.medianRepurchaseDays ?? p?.repurchase_days ?? null;
    const interval = expectedInterval(own.intervals, typical, strength);
    if (interval === null || interval <= 0) continue;
    out.push({ productId: own.productId, interval, dueInDays: interval - daysBetween(own.last, shopper.now), own });
  }
  return out;
}

/**
 * Products to buy again, due and overdue first; products long past their
 * rhythm (three intervals and more) sink, as the shopper has likely moved on.
 * @example rankReorder(model, shopper, { limit: 4 })[0].reason.text
 * // => 'You buy this about every 30 days; last time 27 days ago' ('Shoppers rebuy this ...' for a product bought once)
 */
export function rankReorder(model: ShopModel, shopper: Shopper, opts: { limit: number }): RecommendedItem[] {
  const set = new CandidateSet();
  for (const r of predictReorders(model, shopper)) {
    const overdueRatio = -r.dueInDays / r.interval;
    const urgency = r.dueInDays > 0 ? 1 / (1 + r.dueInDays / r.interval) : overdueRatio > 3 ? 0.2 : 1 + Math.min(overdueRatio, 1) * 0.1;
    const since = daysBetween(r.own.last, shopper.now);
    // Bought once (a consumable): the interval is the shop's typical one, not theirs, and the sentence says so.
    const rhythm = r.own.intervals.length > 0 ? 'You buy this' : 'Shoppers rebuy this';
    set.add(r.productId, urgency, {
      code: r.dueInDays <= 0 ? 'reorder_due' : 'reorder_soon',
      text: `${rhythm} about every ${plural(Math.round(r.interval), 'day')}; last time ${plural(since, 'day')} ago`,
    });
  }
  return finalize(model, set, { placement: 'reorder', limit: opts.limit, region: shopper.region, exclude: new Set() });
}
