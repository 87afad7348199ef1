import type { Product } from '../catalog/index.js';
import type { ItemModel } from './build-item-models.js';
import { buildNeighbourIndex, type NeighbourIndex } from './neighbour-index.js';
import type { RecRule } from './recommend.table.js';

/** A product near the top of its category or of the shop, with its trending score as a share of the shop's best. */
export interface CategoryLeader {
  id: string;
  product: Product;
  trendingShare: number;
  recentBuyers: number;
  createdAtMs: number;
}
export const CATEGORY_LEADERS = 20;
export const SHOP_LEADERS = 50;

/** Everything the rankers need about one shop, held in memory. */
export interface ShopModel {
  shopId: string;
  products: Map<string, Product>;
  items: Map<string, ItemModel>;
  neighbours: NeighbourIndex;
  /** Product ids by trending score, best first. */
  trending: string[];
  trendingByCategory: Map<string, string[]>;
  /** The first CATEGORY_LEADERS of each category's trending list, with what the rankers read of them. */
  categoryLeaders: Map<string, CategoryLeader[]>;
  /** The first SHOP_LEADERS of the shop's trending list, likewise. */
  shopLeaders: CategoryLeader[];
  /** The catalog entry of each product of the neighbour index, by its number (undefined: not in the catalog). */
  neighbourProducts: (Product | undefined)[];
  /** Categories bought together with a category, strongest first. */
  complementCategories: Map<string, string[]>;
  rules: RecRule[];
  builtAt: Date | null;
}

/**
 * Assembles the in-memory model from the catalog, the item models and the
 * merchant's rules. Memory grows with products x neighbours, not with shoppers.
 */
export function assembleShopModel(
  shopId: string,
  products: Product[],
  items: ItemModel[],
  rules: RecRule[],
  builtAt: Date | null,
  neighbours: NeighbourIndex = buildNeighbourIndex(items),
): ShopModel {
  const productMap = new Map(products.map((p) => [p.id, p]));
  const itemMap = new Map(items.map((m) => [m.productId, m]));
  const score = (id: string) => itemMap.get(id)?.trending ?? 0;
  const trending = products
    .filter((p) => p.in_stock)
    .map((p) => p.id)
    .sort((a, b) => score(b) - score(a) || a.localeCompare(b));
  const trendingByCategory = new Map<string, string[]>();
  for (const id of trending) {
    const c = productMap.get(id)!.category;
    const list = trendingByCategory.get(c);
    if (list) list.push(id);
    else trendingByCategory.set(c, [id]);
  }
  // Read on every showcase: kept ready so a request does no lookups for them.
  const maxTrend = score(trending[0] ?? '') || 1;
  const leader = (id: string): CategoryLeader => {
    const product = productMap.get(id)!;
    return { id, product, trendingShare: score(id) / maxTrend, recentBuyers: itemMap.get(id)?.recentBuyers ?? 0, createdAtMs: product.created_at.getTime() };
  };
  const categoryLeaders = new Map([...trendingByCategory].map(([c, ids]) => [c, ids.slice(0, CATEGORY_LEADERS).map(leader)]));
  const shopLeaders = trending.slice(0, SHOP_LEADERS).map(leader);
  const neighbourProducts = neighbours.ids.map((id) => productMap.get(id));
  const catPairs = new Map<string, Map<string, number>>();
  for (const m of items) {
    const a = productMap.get(m.productId)?.category;
    if (!a) continue;
    for (const [n, s] of m.coPurchase) {
      const b = productMap.get(n)?.category;
      if (!b || b === a) continue;
      const row = catPairs.get(a) ?? new Map<string, number>();
      row.set(b, (row.get(b) ?? 0) + s);
      catPairs.set(a, row);
    }
  }
  const complementCategories = new Map(
    [...catPairs].map(([a, row]) => [a, [...row].sort((x, y) => y[1] - x[1]).map(([b]) => b)]),
  );
  return { shopId, products: productMap, items: itemMap, neighbours, trending, trendingByCategory, categoryLeaders, shopLeaders, neighbourProducts, complementCategories, rules, builtAt };
}
