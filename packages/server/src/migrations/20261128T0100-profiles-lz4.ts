import { type Kysely, sql } from 'kysely';

// A profile row is over 2 KB before compression (recent products, affinities),
// so every save compressed it, and pglz took about 2% of Postgres's CPU per
// ingested event. lz4 compresses several times faster and reads back faster
// for the recommendations. Only new values use it; a Postgres built without
// lz4 (the embedded one) keeps its default. (Named for a later hour than it
// was written; the name is already recorded in databases that ran it.)
export const profileJsonColumns = ['recent_products', 'category_affinity', 'brand_affinity', 'checkout', 'consent'];

async function hasLz4(db: Kysely<any>): Promise<boolean> {
  const { rows } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(db);
  return rows[0]?.lz4 === true;
}

async function setCompression(db: Kysely<any>, method: 'lz4' | 'default'): Promise<void> {
  // A catalog change, but under an exclusive lock: give up after a few seconds rather than
  // queue every profile read and write behind a long transaction (the next start tries again).
  await sql`set local lock_timeout = '5s'`.execute(db);
  const alterations = profileJsonColumns.map((c) => `alter column ${c} set compression ${method}`).join(', ');
  await sql`alter table profiles ${sql.raw(alterations)}`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  if (await hasLz4(db)) await setCompression(db, 'lz4');
}

export async function down(db: Kysely<any>): Promise<void> {
  await setCompression(db, 'default');
}
