import type { Db } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { listPurchaseLines, type PurchaseLine } from '../src/orders/order-history.repository.js';
import { rebuildShopModels } from '../src/recommend/model-builder.service.js';
import { ModelStore } from '../src/recommend/model-store.js';
import { rankCrossSell } from '../src/recommend/rank-cross-sell.js';
import { expectedInterval } from '../src/recommend/rank-reorder.js';
import { rankShowcase } from '../src/recommend/rank-showcase.js';
import { loadShopper } from '../src/recommend/recommend.service.js';
import { summarizeOwnProducts } from '../src/recommend/shopper.js';
import { buildBaselines, ownByFrequency } from './baselines.js';
import { AbsoluteError, RankingMetrics, topK } from './metrics.js';

const K = 10;
const DAY = 86_400_000;

/** Runs the three evaluations on a shop whose orders are already imported; returns Markdown. */
export async function evaluate(db: Db, shopId: string, split: Date): Promise<string> {
  const [train, test] = await Promise.all([listPurchaseLines(db, shopId, { until: split }), listPurchaseLines(db, shopId, { since: split })]);
  const t = Date.now();
  await rebuildShopModels(db, shopId, { trigger: 'eval', now: split });
  const buildMs = Date.now() - t;
  const model = await new ModelStore(db, createLogger('warn')).get(shopId);
  const base = buildBaselines(train, split);
  const lines: string[] = [];
  const header = `Train: ${count(train, 'orderId')} orders of ${count(train, 'buyer')} customers before ${split.toISOString().slice(0, 10)}; test: ${count(test, 'orderId')} orders after. Models built in ${(buildMs / 1000).toFixed(1)} s.`;

  // Showcase: the next order of each returning customer.
  const byBuyer = groupBy(train, (l) => l.buyer);
  const nextOrder = new Map<string, PurchaseLine[]>();
  for (const l of test) {
    if (!byBuyer.has(l.buyer)) continue;
    const first = nextOrder.get(l.buyer);
    if (!first) nextOrder.set(l.buyer, [l]);
    else if (first[0]!.orderId === l.orderId) first.push(l);
  }
  const show = { engine: new RankingMetrics(K), trending: new RankingMetrics(K), itemKnn: new RankingMetrics(K), own: new RankingMetrics(K), coOccurrence: new RankingMetrics(K) };
  for (const [buyer, order] of nextOrder) {
    const relevant = new Set(order.map((l) => l.productId));
    const shopper = await loadShopper(db, shopId, { customerId: buyer }, split);
    show.engine.add(rankShowcase(model, shopper, { limit: K }).map((i) => i.productId), relevant);
    const history = byBuyer.get(buyer)!;
    const items = [...new Set(history.map((l) => l.productId))];
    show.trending.add(base.trending, relevant);
    show.itemKnn.add(topK(base.itemKnn(items), K), relevant);
    show.own.add(ownByFrequency(history), relevant);
    show.coOccurrence.add(topK(base.coOccurrence(items), K), relevant);
  }

  // Cross-sell: hide one item of each test basket, ask with the rest.
  const cross = { engine: new RankingMetrics(K), coOccurrence: new RankingMetrics(K), cosine: new RankingMetrics(K), maxConfidence: new RankingMetrics(K), trending: new RankingMetrics(K) };
  let b = 0;
  for (const basket of groupBy(test, (l) => l.orderId).values()) {
    const items = [...new Set(basket.map((l) => l.productId))].sort();
    if (items.length < 2) continue;
    const hidden = items[hash(basket[0]!.orderId) % items.length]!;
    const query = items.filter((p) => p !== hidden);
    const relevant = new Set([hidden]);
    const q = new Set(query);
    cross.engine.add(rankCrossSell(model, query, { limit: K, region: undefined }).map((i) => i.productId), relevant);
    cross.coOccurrence.add(topK(base.coOccurrence(query), K, q), relevant);
    cross.cosine.add(topK(base.basketCosine(query), K, q), relevant);
    cross.maxConfidence.add(topK(base.maxConfidence(query), K, q), relevant);
    cross.trending.add(base.trending.filter((p) => !q.has(p)), relevant);
    b++;
  }

  // Reorder timing: products a customer bought on two or more days before the
  // split and again after it; predicted next date against the actual one.
  const firstAfter = new Map<string, number>();
  for (const l of test) {
    const key = `${l.buyer}\u0000${l.productId}`;
    if (!firstAfter.has(key)) firstAfter.set(key, l.placedAt.getTime());
  }
  const timing = { engine: new AbsoluteError(), personal: new AbsoluteError(), typical: new AbsoluteError() };
  for (const [buyer, history] of byBuyer) {
    const own = summarizeOwnProducts({ purchases: history, interactions: [], region: undefined, now: split }, 90);
    for (const o of own.values()) {
      if (o.intervals.length === 0) continue;
      const actual = firstAfter.get(`${buyer}\u0000${o.productId}`);
      if (actual === undefined) continue;
      const typical = model.items.get(o.productId)?.medianRepurchaseDays ?? null;
      const lastDay = o.last.getTime() / DAY;
      const actualDay = actual / DAY;
      const mean = o.intervals.reduce((a, x) => a + x, 0) / o.intervals.length;
      // A prediction already in the past means "now": the shopper is due.
      const at = (interval: number) => Math.max(lastDay + interval, split.getTime() / DAY);
      timing.engine.add(at(expectedInterval(o.intervals, typical)!), actualDay);
      timing.personal.add(at(mean), actualDay);
      timing.typical.add(at(typical ?? mean), actualDay);
    }
  }

  const fmt = (m: RankingMetrics) => {
    const s = m.summary();
    return `${s.hr.toFixed(3)} | ${s.recall.toFixed(3)} | ${s.ndcg.toFixed(3)}`;
  };
  lines.push(header, '');
  lines.push(`### Showcase: the next order of ${show.engine.summary().queries} returning customers`, '', '| model | HR@10 | Recall@10 | NDCG@10 |', '|---|---|---|---|');
  lines.push(`| **Vitrina engine** | ${fmt(show.engine)} |`, `| own past products by frequency | ${fmt(show.own)} |`, `| item-kNN (cosine over buyers) | ${fmt(show.itemKnn)} |`, `| co-occurrence counts | ${fmt(show.coOccurrence)} |`, `| trending popularity (last 30 days) | ${fmt(show.trending)} |`, '');
  lines.push(`### Cross-sell: one hidden item of each of ${b} test baskets`, '', '| model | HR@10 | Recall@10 | NDCG@10 |', '|---|---|---|---|');
  lines.push(`| **Vitrina engine** | ${fmt(cross.engine)} |`, `| max-confidence rules | ${fmt(cross.maxConfidence)} |`, `| cosine (over baskets) | ${fmt(cross.cosine)} |`, `| co-occurrence counts | ${fmt(cross.coOccurrence)} |`, `| trending popularity | ${fmt(cross.trending)} |`, '');
  const e = (a: AbsoluteError) => a.summary().mae.toFixed(1);
  lines.push(`### Reorder timing: ${timing.engine.summary().pairs} repurchases, mean absolute error in days`, '', '| model | MAE (days) |', '|---|---|');
  lines.push(`| **Vitrina engine** (personal intervals shrunk toward the product's) | ${e(timing.engine)} |`, `| personal mean interval | ${e(timing.personal)} |`, `| product's typical interval | ${e(timing.typical)} |`);
  return lines.join('\n');
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function count(xs: PurchaseLine[], key: 'orderId' | 'buyer') {
  return new Set(xs.map((x) => x[key])).size;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}
