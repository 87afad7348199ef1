import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { anonymousProfileId, type Profile, type RecentProduct } from './profiles.table.js';
import { scoreColumns, segmentExpression, type ScoreSettings, type Scores } from './scores.js';

export type ScoredProfile = Profile & Scores;

/** One profile with its scores, or undefined. */
export async function findScoredProfile(db: Db, shopId: string, id: string, settings: ScoreSettings, now = new Date()): Promise<ScoredProfile | undefined> {
  const { rows } = await sql<ScoredProfile>`select p.*, ${scoreColumns(now, settings)} from profiles p where p.shop_id = ${shopId} and p.id = ${id}`.execute(db);
  return rows[0];
}

/** What a visitor recently did with a product, as recommendations read it. */
export interface ProductInteraction {
  event: 'Product Viewed' | 'Product Added' | 'Product Clicked';
  productId: string;
  at: Date;
}

const eventOfKind = { viewed: 'Product Viewed', added: 'Product Added', clicked: 'Product Clicked' } as const;

/**
 * The recent product interactions and region kept in a visitor's profiles
 * (the customer's, and the device's own while it is still anonymous): one
 * primary-key read each. The query, for callers that combine it with others
 * in one round trip; `toProductInteractions` reads its rows.
 */
export function selectRecentProducts(db: Db, shopId: string, who: { customerId?: string | undefined; anonymousId?: string | undefined }) {
  const ids = [who.customerId, who.anonymousId === undefined ? undefined : anonymousProfileId(who.anonymousId)].filter((id): id is string => !!id);
  return db
    .selectFrom('profiles')
    .select(['recent_products as recentProducts', 'region'])
    .where('shop_id', '=', shopId)
    .where('id', 'in', ids.length ? ids : [''])
    .orderBy('id');
}

/** Rows of `selectRecentProducts` as one newest-first list of what happened before `until`. */
export function toProductInteractions(rows: { recentProducts: RecentProduct[] }[], until: Date, limit: number): ProductInteraction[] {
  const end = until.getTime();
  return rows
    .flatMap((r) => r.recentProducts)
    .filter((r) => r[2] < end && eventOfKind[r[0]] !== undefined)
    .sort((a, b) => b[2] - a[2])
    .slice(0, limit)
    .map(([kind, productId, at]) => ({ event: eventOfKind[kind], productId, at: new Date(at) }));
}

/** The profile an anonymous id belongs to now (its own, or its customer's). */
export async function findProfileIdForAnonymousId(db: Db, shopId: string, anonymousId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('profile_identities')
    .select('profile_id')
    .where('shop_id', '=', shopId)
    .where('kind', '=', 'anonymous')
    .where('value', '=', anonymousId)
    .executeTakeFirst();
  return row?.profile_id;
}

/**
 * Known customers, most valuable first, optionally by segment and by a
 * search over id, e-mail and name.
 */
export async function listScoredCustomers(
  db: Db,
  shopId: string,
  opts: { segment?: string | undefined; q?: string | undefined; limit: number; offset: number },
  settings: ScoreSettings,
  now = new Date(),
): Promise<ScoredProfile[]> {
  const like = opts.q ? `%${opts.q.toLowerCase().replace(/[%_\\]/g, (c) => '\\' + c)}%` : undefined;
  const { rows } = await sql<ScoredProfile>`
    select p.*, ${scoreColumns(now, settings)}
    from profiles p
    where p.shop_id = ${shopId} and p.customer_id is not null
      ${opts.segment ? sql`and ${segmentExpression(now, settings)} = ${opts.segment}` : sql``}
      ${like ? sql`and (lower(p.id) like ${like} or lower(coalesce(p.email, '')) like ${like} or lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) like ${like})` : sql``}
    order by p.revenue desc, p.id
    limit ${opts.limit} offset ${opts.offset}
  `.execute(db);
  return rows;
}

export async function listProfileIdentities(db: Db, shopId: string, profileId: string) {
  return db
    .selectFrom('profile_identities')
    .select(['kind', 'value', 'linked_at'])
    .where('shop_id', '=', shopId)
    .where('profile_id', '=', profileId)
    .orderBy('linked_at')
    .limit(200)
    .execute();
}

export async function listProfileMerges(db: Db, shopId: string, profileId: string) {
  return db
    .selectFrom('profile_merges')
    .select(['from_profile_id', 'reason', 'merged_at'])
    .where('shop_id', '=', shopId)
    .where('into_profile_id', '=', profileId)
    .orderBy('merged_at')
    .limit(200)
    .execute();
}
