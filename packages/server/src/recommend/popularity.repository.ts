import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Product } from '../catalog/products.table.js';

export interface PopularProduct extends Product {
  buyers: number;
}

/**
 * Products sold in a region and in stock, ranked by how many distinct
 * shoppers bought them in the window.
 */
export async function findPopularProducts(
  db: Db,
  shopId: string,
  opts: { region?: string | undefined; since: Date; limit: number },
): Promise<PopularProduct[]> {
  const rows = await db
    .selectFrom('products as p')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('order_items as i')
          .innerJoin('orders as o', (j) => j.onRef('o.shop_id', '=', 'i.shop_id').onRef('o.id', '=', 'i.order_id'))
          .select(['i.product_id', sql<number>`count(distinct coalesce(o.customer_id, o.email, o.id))`.as('buyers')])
          .where('i.shop_id', '=', shopId)
          .where('o.placed_at', '>=', opts.since)
          .where('o.status', 'not in', ['cancelled', 'returned'])
          .groupBy('i.product_id')
          .as('s'),
      (j) => j.onRef('s.product_id', '=', 'p.id'),
    )
    .selectAll('p')
    .select(sql<number>`coalesce(s.buyers, 0)`.as('buyers'))
    .where('p.shop_id', '=', shopId)
    .where('p.in_stock', '=', true)
    .$if(Boolean(opts.region), (q) =>
      q.where((eb) => eb.or([sql<boolean>`cardinality(p.regions) = 0`, sql<boolean>`${opts.region!} = any(p.regions)`])),
    )
    .orderBy('buyers', 'desc')
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id')
    .limit(opts.limit)
    .execute();
  return rows as PopularProduct[];
}
