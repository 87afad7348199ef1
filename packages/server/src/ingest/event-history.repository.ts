import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** What a visitor recently did with products: views, cart adds, clicks on recommendations. */
export interface ProductInteraction {
  event: string;
  productId: string;
  at: Date;
}

const productEvents = ['Product Viewed', 'Product Added', 'Product Clicked'];
/** How far back "recent" product interactions reach. */
const RECENT_WINDOW_DAYS = 180;

/**
 * A visitor's latest product interactions, newest first, by anonymous id
 * and/or user id. Read live at each request, so that what a shopper just did
 * shows in their next recommendations. The query, for the caller to combine
 * with others in one round trip.
 */
export function selectRecentProductInteractions(
  db: Db,
  shopId: string,
  who: { anonymousId?: string | undefined; userId?: string | undefined },
  opts: { limit: number; until?: Date },
) {
  let q = db
    .selectFrom('events')
    .select(['event', sql<string>`properties->>'product_id'`.as('productId'), 'timestamp as at'])
    .where('shop_id', '=', shopId)
    .where('type', '=', 'track')
    .where('event', 'in', productEvents)
    .where(sql<boolean>`properties ? 'product_id'`)
    .where((eb) =>
      eb.or([
        ...(who.anonymousId ? [eb('anonymous_id', '=', who.anonymousId)] : []),
        ...(who.userId ? [eb('user_id', '=', who.userId)] : []),
        eb.val(false),
      ]),
    );
  if (opts.until) q = q.where('timestamp', '<', opts.until);
  // Only recent arrivals: older monthly partitions are pruned instead of each
  // being searched, so the cost does not grow with the months kept.
  const since = new Date((opts.until ?? new Date()).getTime() - RECENT_WINDOW_DAYS * 86_400_000);
  return q.where('received_at', '>=', since).orderBy('timestamp', 'desc').limit(opts.limit);
}

/** (visitor, product) pairs of product views in a window: the input of the co-view model. */
export async function listProductViews(db: Db, shopId: string, window: { since: Date; until?: Date }): Promise<{ visitor: string; productId: string }[]> {
  let q = db
    .selectFrom('events')
    .select([sql<string>`coalesce(user_id, anonymous_id)`.as('visitor'), sql<string>`properties->>'product_id'`.as('productId')])
    .distinct()
    .where('shop_id', '=', shopId)
    .where('type', '=', 'track')
    .where('event', '=', 'Product Viewed')
    .where('timestamp', '>=', window.since);
  if (window.until) q = q.where('timestamp', '<', window.until);
  const rows = await q.limit(2_000_000).execute();
  return rows.filter((r) => r.visitor && r.productId);
}

/** A click on a recommended product, as the sdk reports it. */
export interface RecommendationClick {
  listId: string;
  productId: string;
  anonymousId: string | null;
  userId: string | null;
  at: Date;
}

/** Clicks on recommended items (`Product Clicked` with a recommendation id) since a time. */
export async function listRecommendationClicks(db: Db, shopId: string, since: Date): Promise<RecommendationClick[]> {
  const rows = await db
    .selectFrom('events')
    .select([
      sql<string>`coalesce(properties->>'list_id', 'unknown')`.as('listId'),
      sql<string>`properties->>'product_id'`.as('productId'),
      'anonymous_id as anonymousId',
      'user_id as userId',
      'timestamp as at',
    ])
    .where('shop_id', '=', shopId)
    .where('type', '=', 'track')
    .where('event', '=', 'Product Clicked')
    .where(sql<boolean>`properties ? 'recommendation_id'`)
    .where('timestamp', '>=', since)
    .limit(200_000)
    .execute();
  return rows.filter((r) => r.productId);
}

/** How many times each recommendation list was shown (`Product List Viewed`) since a time. */
export async function countListViews(db: Db, shopId: string, since: Date): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select([sql<string>`coalesce(properties->>'list_id', 'unknown')`.as('listId'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('shop_id', '=', shopId)
    .where('type', '=', 'track')
    .where('event', '=', 'Product List Viewed')
    .where('timestamp', '>=', since)
    .groupBy(sql`1`)
    .execute();
  return new Map(rows.map((r) => [r.listId, Number(r.n)]));
}
