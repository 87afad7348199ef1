import type { RecommendedItem } from '@vitrina/protocol';
import { CandidateSet, finalize } from './candidates.js';
import type { ShopModel } from './shop-model.js';

export interface GiftHistory {
  /** The customer's own name, to tell their own orders from gifts. */
  customerName: string | undefined;
  orders: { recipient: string | null; productId: string }[];
}

/**
 * Gift ideas before a holiday: for each person the shopper sent orders to
 * (a recipient other than themselves), the best-selling products of the
 * categories that person received, not yet given; then giftable bestsellers.
 * @example rankGifts(model, history, { limit: 6, region: 'DE' })[0].reason.text
 * // => 'For Marie: popular in Toys, like the gift you sent before'
 */
export function rankGifts(model: ShopModel, history: GiftHistory, opts: { limit: number; region: string | undefined }): RecommendedItem[] {
  const self = history.customerName?.trim().toLowerCase();
  const given = new Set(history.orders.map((o) => o.productId));
  const byRecipient = new Map<string, Map<string, number>>();
  for (const o of history.orders) {
    const who = o.recipient?.trim();
    if (!who || who.toLowerCase() === self) continue;
    const c = model.products.get(o.productId)?.category;
    if (!c) continue;
    const cats = byRecipient.get(who) ?? new Map<string, number>();
    cats.set(c, (cats.get(c) ?? 0) + 1);
    byRecipient.set(who, cats);
  }
  const set = new CandidateSet();
  const maxTrend = model.items.get(model.trending[0] ?? '')?.trending || 1;
  for (const [who, cats] of byRecipient) {
    const first = who.split(/\s+/)[0];
    for (const [cat, n] of cats) {
      for (const { id, trendingShare } of model.categoryLeaders.get(cat) ?? []) {
        set.add(id, n * (1 + trendingShare), { code: 'gift_for_recipient', text: `For ${first}: popular in ${cat}, like the gift you sent before` });
      }
    }
  }
  for (const id of model.trending.slice(0, 100)) {
    const p = model.products.get(id)!;
    if (!p.tags.includes('giftable')) continue;
    const t = (model.items.get(id)?.trending ?? 0) / maxTrend;
    set.add(id, 0.01 + 0.1 * t, { code: 'giftable_bestseller', text: `A popular gift in ${p.category}` });
  }
  return finalize(model, set, { placement: 'showcase', limit: opts.limit, region: opts.region, exclude: given });
}
