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
 * The profiles that hold a visitor's recent product interactions: a verified
 * customer's own, and the one their device's history lives in (its anonymous
 * profile, or the customer profile it was merged into by an identify). One
 * primary-key read each. The query, for callers that combine it with others
 * in one round trip; `toProductInteractions` reads its rows.
 */
export function selectRecentProducts(db: Db, shopId: string, who: { customerId?: string | undefined; anonymousId?: string | undefined }) {
  return db
    .selectFrom('profiles')
    .select(['id', 'recent_products as recentProducts', 'region'])
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        ...(who.customerId ? [eb('id', '=', who.customerId)] : []),
        ...(who.anonymousId
          ? [
              eb(
                'id',
                '=',
                sql<string>`coalesce((select pi.profile_id from profile_identities pi where pi.shop_id = ${shopId} and pi.kind = 'anonymous' and pi.value = ${who.anonymousId}), ${anonymousProfileId(who.anonymousId)})`,
              ),
            ]
          : []),
        // A literal, not a bound value: Postgres then keeps one generic plan for
        // the prepared query instead of planning it again for every shopper.
        sql<boolean>`false`,
      ]),
    )
    .orderBy('id');
}

type RecentRow = { id: string; recentProducts: RecentProduct[]; region: string | null };

/**
 * Rows of `selectRecentProducts` as one newest-first list of what happened
 * before `until`. A profile read through the device (not the verified
 * customer's own) gives only what happened on that device: an unsigned
 * identify links a device to a customer, and must not release the customer's
 * other devices' history to it.
 */
export function toProductInteractions(rows: RecentRow[], who: { customerId?: string | undefined; anonymousId?: string | undefined }, until: Date, limit: number): ProductInteraction[] {
  const end = until.getTime();
  return rows
    .flatMap((r) => (r.id === who.customerId ? r.recentProducts : r.recentProducts.filter((e) => e[3] === who.anonymousId)))
    .filter((r) => r[2] < end && eventOfKind[r[0]] !== undefined)
    .sort((a, b) => b[2] - a[2])
    .slice(0, limit)
    .map(([kind, productId, at]) => ({ event: eventOfKind[kind], productId, at: new Date(at) }));
}

/** The region of the visitor's own profiles among these rows (not of a customer their device was linked to unsigned). */
export function ownRegion(rows: RecentRow[], who: { customerId?: string | undefined; anonymousId?: string | undefined }): string | undefined {
  const own = rows.find((r) => r.region && (r.id === who.customerId || (who.anonymousId !== undefined && r.id === anonymousProfileId(who.anonymousId))));
  return own?.region ?? undefined;
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
