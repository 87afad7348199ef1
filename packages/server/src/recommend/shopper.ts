import type { ProductInteraction } from '../profiles/index.js';
import type { PurchaseLine } from '../orders/index.js';

/** What the rankers know of the shopper in front of them, read live at each request. */
export interface Shopper {
  purchases: PurchaseLine[];
  /** Newest first. */
  interactions: ProductInteraction[];
  region: string | undefined;
  now: Date;
}

export interface OwnProduct {
  productId: string;
  /** Distinct days it was bought on. */
  times: number;
  first: Date;
  last: Date;
  /** Recency-weighted purchase count. */
  weight: number;
  /** Days between consecutive purchases. */
  intervals: number[];
  unitPrice: number;
}

const DAY = 86_400_000;

/**
 * A shopper's purchases per product: how often, how recently, at what rhythm.
 * @example summarizeOwnProducts(shopper, 90).get('p-0007') // => { times: 3, intervals: [29, 31], ... }
 */
export function summarizeOwnProducts(shopper: Shopper, halfLifeDays: number): Map<string, OwnProduct> {
  const now = shopper.now.getTime();
  const k = Math.LN2 / (halfLifeDays * DAY);
  const out = new Map<string, OwnProduct>();
  for (const l of shopper.purchases) {
    const day = Math.floor(l.placedAt.getTime() / DAY);
    const w = Math.exp(-k * Math.max(0, now - l.placedAt.getTime()));
    const o = out.get(l.productId);
    if (!o) {
      out.set(l.productId, { productId: l.productId, times: 1, first: l.placedAt, last: l.placedAt, weight: w, intervals: [], unitPrice: l.unitPrice });
      continue;
    }
    const lastDay = Math.floor(o.last.getTime() / DAY);
    if (day !== lastDay) {
      o.intervals.push(day - lastDay);
      o.times++;
      o.weight += w;
    }
    if (l.placedAt > o.last) o.last = l.placedAt;
  }
  return out;
}

export const daysBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / DAY);
