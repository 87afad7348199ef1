import { CompiledQuery, sql } from 'kysely';
import type { Db } from '../db/database.js';
import { sendTogether, writeAtCommit } from '../db/pipelined-transaction.js';
import { PREPARED_MARKER } from '../db/prepared-statements.js';
import type { ProfileState } from './profile-reducer.js';
import type { Profile } from './profiles.table.js';

/** Profiles and anonymous-id links, read and locked by `lockProfilesWithLinksQuery`. */
export interface LockedProfiles {
  links: Map<string, string>;
  profiles: Map<string, Profile>;
}

/**
 * In one statement: the profile each of `anonymousIds` belongs to now, and
 * the existing profiles among `ids` and those links' profiles, read and locked
 * in id order for the rest of the transaction (rows that do not exist are
 * simply absent: create and lock them with `createAndLockProfiles`).
 * `readLockedProfiles` reads its rows.
 */
export function lockProfilesWithLinksQuery(db: Db, shopId: string, anonymousIds: string[], ids: string[]): CompiledQuery {
  return sql`${sql.raw(PREPARED_MARKER)}
    with links as (
      select value, profile_id from profile_identities
      where shop_id = ${shopId} and kind = 'anonymous' and value = any(${anonymousIds}::text[])
    ), locked as materialized (
      select p.* from profiles p
      where p.shop_id = ${shopId} and p.id in (select profile_id from links union select unnest(${ids}::text[]))
      order by p.id
      for update
    )
    select l.value as link_value, l.profile_id as link_profile_id, p.*
    from locked p full join links l on l.profile_id = p.id
  `.compile(db);
}

export function readLockedProfiles(rows: unknown[]): LockedProfiles {
  const links = new Map<string, string>();
  const profiles = new Map<string, Profile>();
  for (const { link_value, link_profile_id, ...profile } of rows as (Profile & { link_value: string | null; link_profile_id: string | null })[]) {
    if (link_value !== null && link_profile_id !== null) links.set(link_value, link_profile_id);
    if (profile.id !== null && !profiles.has(profile.id)) profiles.set(profile.id, profile);
  }
  return { links, profiles };
}

/**
 * Reads and locks the profiles for the rest of the transaction, creating the
 * missing ones empty. Rows are locked in id order, so that two writers
 * never deadlock; a profile another writer creates meanwhile is read after
 * its commit.
 */
export async function lockOrCreateProfiles(db: Db, shopId: string, ids: { id: string; customerId: string | null }[]): Promise<Profile[]> {
  if (ids.length === 0) return [];
  const sorted = [...ids].sort((a, b) => (a.id < b.id ? -1 : 1));
  const found = await lockProfiles(db, shopId, sorted.map((p) => p.id));
  const have = new Set(found.map((p) => p.id));
  const missing = sorted.filter((p) => !have.has(p.id));
  return [...found, ...(await createAndLockProfiles(db, shopId, missing))];
}

/**
 * Creates the profiles that do not exist yet (empty), then reads and locks
 * all of them, in one round trip where the transaction allows. A profile
 * another writer creates meanwhile is read after its commit.
 */
export async function createAndLockProfiles(db: Db, shopId: string, ids: { id: string; customerId: string | null }[]): Promise<Profile[]> {
  if (ids.length === 0) return [];
  const sorted = [...ids].sort((a, b) => (a.id < b.id ? -1 : 1));
  const insert = db
    .insertInto('profiles')
    .values(sorted.map((p) => ({ shop_id: shopId, id: p.id, customer_id: p.customerId })))
    .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
    .compile();
  const [, locked] = await sendTogether(db, [insert, lockProfilesQuery(db, shopId, sorted.map((p) => p.id))]);
  return locked as Profile[];
}

/** Reads and locks profiles for the rest of the transaction, in id order (no deadlocks between writers). */
export async function lockProfiles(db: Db, shopId: string, ids: string[]): Promise<Profile[]> {
  if (ids.length === 0) return [];
  return (await db.executeQuery(lockProfilesQuery(db, shopId, ids))).rows as Profile[];
}

function lockProfilesQuery(db: Db, shopId: string, ids: string[]): CompiledQuery {
  return db.selectFrom('profiles').selectAll().where('shop_id', '=', shopId).where('id', 'in', ids).orderBy('id').forUpdate().compile();
}

const profileColumns = [
  ['customer_id', 'text'], ['email', 'text'], ['first_name', 'text'], ['last_name', 'text'], ['region', 'text'],
  ['first_seen_at', 'timestamptz'], ['last_seen_at', 'timestamptz'], ['sessions', 'int4'], ['visit_days', 'int4'],
  ['page_views', 'int4'], ['product_views', 'int4'], ['searches', 'int4'], ['zero_result_searches', 'int4'],
  ['cart_adds', 'int4'], ['orders', 'int4'], ['revenue', 'numeric'], ['first_order_at', 'timestamptz'],
  ['last_order_at', 'timestamptz'], ['category_affinity', 'jsonb'], ['brand_affinity', 'jsonb'], ['affinity_at', 'timestamptz'],
  ['checkout', 'jsonb'], ['consent', 'jsonb'], ['recent_products', 'jsonb'],
] as const;

/**
 * Writes profiles back (insert or update) in one statement, the rows as one
 * JSON array of column values: one native JSON.stringify builds it, where
 * an array a column would cost an escaped string per value (the JSON
 * columns' most of all). Anonymous ids
 * that changed hands (`links`, value to profile id) are written in the same
 * statement. In a pipelined transaction it is sent without waiting for its
 * answer, which is checked at commit (`writeAtCommit`).
 */
export async function saveProfiles(db: Db, profiles: ProfileState[], links?: { shopId: string; changed: Map<string, string> }): Promise<void> {
  const linkRows = links ? [...links.changed].sort(([a], [b]) => (a < b ? -1 : 1)) : [];
  // With no profiles the statement still writes the links.
  if (profiles.length === 0 && linkRows.length === 0) return;
  const rows = JSON.stringify(profiles.map((p) => [p.shop_id, p.id, ...profileColumns.map(([name]) => p[name] ?? null)]));
  const values = linkRows.length === 0 ? [rows] : [rows, links!.shopId, linkRows.map(([v]) => v), linkRows.map(([, id]) => id)];
  await writeAtCommit(db, CompiledQuery.raw(saveProfilesSql(db, linkRows.length > 0), values));
}

/** The SQL of `saveProfiles`, with or without links, built once (building it cost more than a save's JSON). */
const saveProfilesSqls = new Map<boolean, string>();
function saveProfilesSql(db: Db, withLinks: boolean): string {
  let text = saveProfilesSqls.get(withLinks);
  if (text !== undefined) return text;
  const names = profileColumns.map((c) => sql.id(c[0]));
  // JSON columns keep their JSON (a JSON null is none); the others are read back from their text.
  const values = profileColumns.map(([, type], i) =>
    type === 'jsonb' ? sql`nullif(r.v -> ${sql.lit(i + 2)}, 'null')` : sql`(r.v ->> ${sql.lit(i + 2)})::${sql.raw(type)}`,
  );
  // A data-modifying WITH runs once, whatever the main statement reads of it.
  const linked = sql`with linked as (
      insert into profile_identities (shop_id, kind, value, profile_id)
      select $2, 'anonymous', l.value, l.profile_id
      from unnest($3::text[], $4::text[]) as l(value, profile_id)
      on conflict (shop_id, kind, value) do update set profile_id = excluded.profile_id, linked_at = now()
    )`;
  const compiled = sql`${sql.raw(PREPARED_MARKER)}
    ${withLinks ? linked : sql``}
    insert into profiles (shop_id, id, ${sql.join(names)}, updated_at)
    select r.v ->> 0, r.v ->> 1, ${sql.join(values)}, now()
    from jsonb_array_elements($1::jsonb) as r(v)
    on conflict (shop_id, id) do update set ${sql.join(profileColumns.map((c) => sql`${sql.id(c[0])} = excluded.${sql.id(c[0])}`))}, updated_at = now()
  `.compile(db);
  // Every value is a numbered placeholder written above; none may come from the builder.
  if (compiled.parameters.length > 0) throw new Error('saveProfilesSql: the statement must not bind values of its own');
  text = compiled.sql;
  saveProfilesSqls.set(withLinks, text);
  return text;
}

export async function deleteProfiles(db: Db, shopId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await writeAtCommit(db, db.deleteFrom('profiles').where('shop_id', '=', shopId).where('id', 'in', ids).compile());
}

/** Records a merge and moves what pointed at the merged profile. Returns false when it was merged before. */
export async function recordProfileMerge(db: Db, shopId: string, from: string, into: string, reason: string): Promise<boolean> {
  const inserted = await db
    .insertInto('profile_merges')
    .values({ shop_id: shopId, from_profile_id: from, into_profile_id: into, reason })
    .onConflict((oc) => oc.columns(['shop_id', 'from_profile_id']).doNothing())
    .returning('from_profile_id')
    .executeTakeFirst();
  await db.updateTable('profile_identities').set({ profile_id: into }).where('shop_id', '=', shopId).where('profile_id', '=', from).execute();
  await db.updateTable('profile_orders').set({ profile_id: into }).where('shop_id', '=', shopId).where('profile_id', '=', from).execute();
  return inserted !== undefined;
}

/** Claims orders for profile counting; returns the order ids that were not counted before. */
export async function claimProfileOrders(
  db: Db,
  rows: { shop_id: string; order_id: string; profile_id: string; total: number; placed_at: Date }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const fresh = new Set<string>();
  for (let i = 0; i < rows.length; i += 1000) {
    const out = await db
      .insertInto('profile_orders')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['shop_id', 'order_id']).doNothing())
      .returning('order_id')
      .execute();
    for (const r of out) fresh.add(r.order_id);
  }
  return fresh;
}
