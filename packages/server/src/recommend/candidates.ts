import { randomUUID } from 'node:crypto';
import type { RecommendedItem } from '@vitrina/protocol';
import type { Product } from '../catalog/index.js';
import { isRuleInForce, type RecRule } from './recommend.table.js';
import type { ShopModel } from './shop-model.js';

export type Placement = 'showcase' | 'cross-sell' | 'reorder';
export type Reason = RecommendedItem['reason'];
/** A reason, or a function that words it: only the items shown get their sentence built. */
export type LazyReason = Reason | (() => Reason);

interface Candidate {
  score: number;
  reason: LazyReason;
  /** The largest single contribution, whose reason is shown. */
  best: number;
  /** The catalog entry, when the ranker had it at hand: `finalize` then need not look it up. */
  product: Product | undefined;
}

/**
 * Collects scored candidates; a product's score is the sum of what each
 * signal gives it, and its reason is the one that gave the most.
 */
export class CandidateSet {
  readonly map = new Map<string, Candidate>();
  add(productId: string, score: number, reason: LazyReason, product?: Product): void {
    if (!(score > 0)) return;
    const c = this.map.get(productId);
    if (!c) this.map.set(productId, { score, reason, best: score, product });
    else {
      c.product ??= product;
      c.score += score;
      if (score > c.best) {
        c.best = score;
        c.reason = reason;
      }
    }
  }
  has(productId: string) {
    return this.map.has(productId);
  }
}

/** Whether a product may be offered to a shopper in a region at all. */
export function isSellable(p: Product | undefined, region: string | undefined): p is Product {
  if (!p || !p.in_stock) return false;
  return !region || p.regions.length === 0 || p.regions.includes(region);
}

/** Durable goods (with a warranty, not consumable) are not offered again to someone who owns one. */
export function isDurable(p: Product): boolean {
  return p.warranty_months > 0 && !p.consumable;
}

function ruleMatches(rule: RecRule, p: Product): boolean {
  switch (rule.target) {
    case 'product':
      return p.id === rule.value;
    case 'category':
      return p.category === rule.value;
    case 'brand':
      return p.brand === rule.value;
    case 'tag':
      return p.tags.includes(rule.value);
  }
}

/**
 * Applies the merchant's rules and the eligibility filters, then returns the
 * best `limit` items: pinned products first, excluded ones never, boosted ones
 * scaled by (1 + weight).
 */
export function finalize(
  model: ShopModel,
  set: CandidateSet,
  opts: { placement: Placement; limit: number; region: string | undefined; exclude: Set<string>; pinReason?: Reason; now?: Date },
): RecommendedItem[] {
  // Rules with dates are kept in the cached model and checked here, so one starts or ends on time without a reload.
  const now = opts.now ?? new Date();
  const rules = model.rules.filter((r) => (r.placement === 'all' || r.placement === opts.placement) && isRuleInForce(r, now));
  // Only the best `limit` are kept, in order: a bounded insertion, not a sort of every candidate.
  const top: { p: Product; score: number; reason: LazyReason; pinned: boolean }[] = [];
  const better = (a: (typeof top)[number], b: (typeof top)[number]) =>
    a.pinned !== b.pinned ? a.pinned : a.score !== b.score ? a.score > b.score : a.p.id < b.p.id;
  const consider = (p: Product, score: number, reason: LazyReason, pinned: boolean) => {
    let s = score;
    for (const r of rules) {
      if (!ruleMatches(r, p)) continue;
      if (r.action === 'exclude') return;
      if (r.action === 'boost') s *= 1 + r.weight;
    }
    const last = top[top.length - 1];
    if (top.length === opts.limit && last && !pinned && (last.pinned || s < last.score || (s === last.score && p.id > last.p.id))) return;
    const entry = { p, score: s, reason, pinned };
    let i = top.length;
    while (i > 0 && better(entry, top[i - 1]!)) i--;
    top.splice(i, 0, entry);
    if (top.length > opts.limit) top.pop();
  };
  for (const r of rules) {
    if (r.action !== 'pin' || r.target !== 'product') continue;
    const p = model.products.get(r.value);
    if (isSellable(p, opts.region) && !opts.exclude.has(p.id)) {
      consider(p, Number.MAX_SAFE_INTEGER, opts.pinReason ?? { code: 'featured', text: 'Featured by the shop' }, true);
      set.map.delete(p.id);
    }
  }
  for (const [id, c] of set.map) {
    const p = c.product ?? model.products.get(id);
    if (!isSellable(p, opts.region) || opts.exclude.has(id)) continue;
    consider(p, c.score, c.reason, false);
  }
  return top.map(({ p, score, reason, pinned }) => toItem(p, pinned ? 1 : score, typeof reason === 'function' ? reason() : reason));
}

export function toItem(p: Product, score: number, reason: Reason): RecommendedItem {
  return {
    productId: p.id,
    name: p.name,
    price: p.price,
    currency: p.currency,
    url: p.url,
    imageUrl: p.image_url,
    category: p.category,
    brand: p.brand,
    score: Math.round(score * 1e4) / 1e4,
    reason,
    recommendationId: randomUUID(),
  };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
