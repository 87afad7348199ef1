import { randomUUID } from 'node:crypto';
import type { RecommendationResponse, RecommendedItem } from '@vitrina/protocol';
import type { Product } from '../catalog/products.table.js';
import type { Db } from '../db/database.js';
import { findPopularProducts } from './popularity.repository.js';

const TRENDING_DAYS = 90;

/**
 * The showcase for a visitor. For now: what is popular among shoppers in the
 * visitor's region over the last 90 days, in stock and sold there.
 * @example await recommendShowcase(db, 'shop_1', { region: 'DE', limit: 4 })
 * // => { kind: 'showcase', items: [{ productId: 'p-17', reason: { code: 'popular', text: 'Bought by 41 shoppers in the last 90 days' }, ... }] }
 */
export async function recommendShowcase(
  db: Db,
  shopId: string,
  opts: { region?: string | undefined; limit: number; now?: Date },
): Promise<RecommendationResponse> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - TRENDING_DAYS * 86_400_000);
  const products = await findPopularProducts(db, shopId, { region: opts.region, since, limit: opts.limit });
  return {
    kind: 'showcase',
    items: products.map((p) =>
      toItem(p, p.buyers, p.buyers > 0
        ? { code: 'popular', text: `Bought by ${p.buyers} shopper${p.buyers === 1 ? '' : 's'} in the last ${TRENDING_DAYS} days` }
        : { code: 'new_arrival', text: 'New in the shop' }),
    ),
  };
}

export function toItem(p: Product, score: number, reason: RecommendedItem['reason']): RecommendedItem {
  return {
    productId: p.id,
    name: p.name,
    price: p.price,
    currency: p.currency,
    url: p.url,
    imageUrl: p.image_url,
    category: p.category,
    brand: p.brand,
    score,
    reason,
    recommendationId: randomUUID(),
  };
}
