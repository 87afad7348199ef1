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
  /** The reason code the item was shown with (`unknown` for clicks sent before the sdk sent it). */
  reason: string;
  productId: string;
  anonymousId: string | null;
  userId: string | null;
  at: Date;
  /** The same browser added the clicked product to its cart within the attribution window after the click. */
  addedToCart: boolean;
}

/**
 * Clicks on recommended items (`Product Clicked` with a recommendation id)
 * since a time, each with whether a `Product Added` of that product from the
 * same browser followed within `cartDays` (events_by_anonymous finds it).
 */
export async function listRecommendationClicks(db: Db, shopId: string, since: Date, cartDays = 7): Promise<RecommendationClick[]> {
  const rows = await db
    .selectFrom('events as e')
    .select([
      sql<string>`coalesce(e.properties->>'list_id', 'unknown')`.as('listId'),
      sql<string>`coalesce(e.properties->>'reason', 'unknown')`.as('reason'),
      sql<string>`e.properties->>'product_id'`.as('productId'),
      'e.anonymous_id as anonymousId',
      'e.user_id as userId',
      'e.timestamp as at',
      sql<boolean>`exists (
        select 1 from events a
        where a.shop_id = e.shop_id and a.anonymous_id = e.anonymous_id
          and a.timestamp >= e.timestamp and a.timestamp < e.timestamp + make_interval(days => ${cartDays})
          and a.type = 'track' and a.event = 'Product Added' and a.properties->>'product_id' = e.properties->>'product_id'
      )`.as('addedToCart'),
    ])
    .where('e.shop_id', '=', shopId)
    .where('e.type', '=', 'track')
    .where('e.event', '=', 'Product Clicked')
    .where(sql<boolean>`e.properties ? 'recommendation_id'`)
    .where('e.timestamp', '>=', since)
    .limit(200_000)
    .execute();
  return rows.filter((r) => r.productId).map((r) => ({ ...r, addedToCart: Boolean(r.addedToCart) }));
}

/**
 * Items shown per list and reason: `items` every item of every `Product List
 * Viewed`, `views` the lists that showed one with that reason. The row whose
 * reason is null is the list's total (a list view counts once there).
 */
export interface ListImpressions {
  listId: string;
  reason: string | null;
  items: number;
  views: number;
}

/**
 * How often recommendation lists were shown (`Product List Viewed`) since a
 * time, by list and by the reason on each item (`unknown` before the sdk sent
 * reasons); a list view without items counts in its list's total only.
 * @example await countListViews(db, 'demo', since)
 * // => [{ listId: 'cross-sell', reason: null, items: 388, views: 97 }, { listId: 'cross-sell', reason: 'bought_together', items: 212, views: 90 }, ...]
 */
export async function countListViews(db: Db, shopId: string, since: Date): Promise<ListImpressions[]> {
  const rows = await sql<{ listId: string; reason: string; items: number; views: number; total: number }>`
    select "listId", reason, count(item)::int as items, count(distinct message_id)::int as views, grouping(reason) as total
    from (
      select coalesce(e.properties->>'list_id', 'unknown') as "listId", e.message_id, p.item,
             case when p.item is null then '' else coalesce(p.item->>'reason', 'unknown') end as reason
      from events e
      left join lateral jsonb_array_elements(case when jsonb_typeof(e.properties->'products') = 'array' then e.properties->'products' else '[]'::jsonb end) as p(item) on true
      where e.shop_id = ${shopId} and e.type = 'track' and e.event = 'Product List Viewed' and e.timestamp >= ${since}
    ) shown
    group by grouping sets (("listId", reason), ("listId"))`.execute(db);
  // reason '' holds list views without items: only their list's total counts them.
  return rows.rows
    .filter((r) => Number(r.total) === 1 || r.reason !== '')
    .map((r) => ({ listId: r.listId, reason: Number(r.total) === 1 ? null : r.reason, items: Number(r.items), views: Number(r.views) }));
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
