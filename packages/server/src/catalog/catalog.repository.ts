import type { Db } from '../db/database.js';
import type { Product } from './products.table.js';

export interface CatalogQuery {
  ids: string[];
  q?: string | undefined;
  category?: string | undefined;
  limit: number;
}

/**
 * Products for a storefront listing: by ids, by words in the name, brand or
 * category (every word must match), and by category, in catalog order.
 * @example await findCatalogProducts(db, 'demo', { ids: [], q: 'espresso', category: undefined, limit: 24 })
 */
export async function findCatalogProducts(db: Db, shopId: string, query: CatalogQuery): Promise<Product[]> {
  let q = db.selectFrom('products').selectAll().where('shop_id', '=', shopId);
  if (query.ids.length) q = q.where('id', 'in', query.ids);
  if (query.category) q = q.where('category', '=', query.category);
  for (const word of (query.q ?? '').split(/\s+/).filter(Boolean).slice(0, 8)) {
    const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('brand', 'ilike', pattern), eb('category', 'ilike', pattern)]));
  }
  return q.orderBy('id').limit(query.limit).execute();
}
