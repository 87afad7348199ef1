import { sql } from 'kysely';
import type { Db } from '../db/database.js';

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

/** One stored event, as a shopper's timeline shows it. */
export interface ShopperEvent {
  messageId: string;
  type: string;
  event: string | null;
  timestamp: Date;
  anonymousId: string | null;
  userId: string | null;
  properties: unknown;
}

/**
 * A shopper's latest events, newest first: those sent with their user id and
 * those from any of their devices (anonymous ids). Nothing without either.
 */
export async function listShopperEvents(db: Db, shopId: string, who: { userId: string | null; anonymousIds: string[] }, limit: number): Promise<ShopperEvent[]> {
  if (!who.userId && who.anonymousIds.length === 0) return [];
  return db
    .selectFrom('events')
    .select(['message_id as messageId', 'type', 'event', 'timestamp', 'anonymous_id as anonymousId', 'user_id as userId', 'properties'])
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        ...(who.userId ? [eb('user_id', '=', who.userId)] : []),
        ...(who.anonymousIds.length ? [eb('anonymous_id', 'in', who.anonymousIds)] : []),
      ]),
    )
    .orderBy('timestamp', 'desc')
    .limit(limit)
    .execute();
}
