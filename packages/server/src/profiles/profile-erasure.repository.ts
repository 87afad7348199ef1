import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** The profiles that hold any of these identifiers (customer id, `anon:` device profile, linked device, e-mail). */
export async function findProfilesFor(db: Db, shopId: string, who: { customerIds: string[]; anonymousIds: string[]; emails: string[] }) {
  const anonProfiles = who.anonymousIds.map((a) => `anon:${a}`);
  return db
    .selectFrom('profiles')
    .select(['id', 'customer_id', 'email'])
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        eb('id', '=', sql<string>`any(${[...who.customerIds, ...anonProfiles]}::text[])`),
        eb(sql`lower(email)`, '=', sql<string>`any(${who.emails}::text[])`),
        eb('id', 'in', eb.selectFrom('profile_identities').select('profile_id').where('shop_id', '=', shopId).where('value', '=', sql<string>`any(${who.anonymousIds}::text[])`)),
      ]),
    )
    .execute();
}

/** The devices linked to these profiles. */
export async function findLinkedDevices(db: Db, shopId: string, profileIds: string[]): Promise<string[]> {
  if (profileIds.length === 0) return [];
  const rows = await db.selectFrom('profile_identities').select('value').where('shop_id', '=', shopId).where('profile_id', 'in', profileIds).execute();
  return rows.map((r) => r.value);
}

/** Everything the profiles slice holds about these profiles and devices, for an export. */
export async function exportProfileRows(db: Db, shopId: string, profileIds: string[], anonymousIds: string[]) {
  const none = profileIds.length === 0;
  return {
    profiles: none ? [] : await db.selectFrom('profiles').selectAll().where('shop_id', '=', shopId).where('id', 'in', profileIds).execute(),
    identities: await db
      .selectFrom('profile_identities')
      .select(['kind', 'value', 'profile_id', 'linked_at'])
      .where('shop_id', '=', shopId)
      .where((eb) => eb.or([eb('profile_id', '=', sql<string>`any(${profileIds}::text[])`), eb('value', '=', sql<string>`any(${anonymousIds}::text[])`)]))
      .execute(),
    merges: none
      ? []
      : await db
          .selectFrom('profile_merges')
          .select(['from_profile_id', 'into_profile_id', 'reason', 'merged_at'])
          .where('shop_id', '=', shopId)
          .where((eb) => eb.or([eb('from_profile_id', 'in', profileIds), eb('into_profile_id', 'in', profileIds)]))
          .execute(),
  };
}

/** Deletes the profiles, their device links, merge records and counted orders. */
export async function deleteProfileRows(db: Db, shopId: string, profileIds: string[], anonymousIds: string[], orderIds: string[]): Promise<Record<string, number>> {
  const n = (r: { numDeletedRows: bigint }[]) => r.reduce((s, x) => s + Number(x.numDeletedRows), 0);
  return {
    profiles: n(await db.deleteFrom('profiles').where('shop_id', '=', shopId).where('id', '=', sql<string>`any(${profileIds}::text[])`).execute()),
    profile_identities: n(
      await db
        .deleteFrom('profile_identities')
        .where('shop_id', '=', shopId)
        .where((eb) => eb.or([eb('profile_id', '=', sql<string>`any(${profileIds}::text[])`), eb('value', '=', sql<string>`any(${anonymousIds}::text[])`)]))
        .execute(),
    ),
    profile_merges: n(
      await db
        .deleteFrom('profile_merges')
        .where('shop_id', '=', shopId)
        .where((eb) => eb.or([eb('from_profile_id', '=', sql<string>`any(${profileIds}::text[])`), eb('into_profile_id', '=', sql<string>`any(${profileIds}::text[])`)]))
        .execute(),
    ),
    profile_orders: n(
      await db
        .deleteFrom('profile_orders')
        .where('shop_id', '=', shopId)
        .where((eb) => eb.or([eb('profile_id', '=', sql<string>`any(${profileIds}::text[])`), eb('order_id', '=', sql<string>`any(${orderIds}::text[])`)]))
        .execute(),
    ),
  };
}

/** The profile tables' rows of a shop (no foreign key to it: see the privacy migration). */
export async function deleteShopProfiles(db: Db, shopId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['profiles', 'profile_identities', 'profile_merges', 'profile_orders'] as const) {
    out[table] = Number((await db.deleteFrom(table).where('shop_id', '=', shopId).executeTakeFirst()).numDeletedRows);
  }
  return out;
}
