import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Profile } from './profiles.table.js';
import { scoreColumns, segmentExpression, type ScoreSettings, type Scores } from './scores.js';

export type ScoredProfile = Profile & Scores;

/** One profile with its scores, or undefined. */
export async function findScoredProfile(db: Db, shopId: string, id: string, settings: ScoreSettings, now = new Date()): Promise<ScoredProfile | undefined> {
  const { rows } = await sql<ScoredProfile>`select p.*, ${scoreColumns(now, settings)} from profiles p where p.shop_id = ${shopId} and p.id = ${id}`.execute(db);
  return rows[0];
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
