import { type Kysely, sql } from 'kysely';

// Each rotation of a shop's write key or admin key, kept for two reasons: the
// key it replaced stays valid until old_key_expires_at (the overlap while
// storefronts and scripts change over; now() for "revoked at once"), and the
// rows are the audit of who rotated which key when. old_key is the write key
// itself (it is public, in every storefront page) or the admin key's SHA-256
// (the admin key is never stored).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shop_key_rotations (
      shop_id text not null references shops(id) on delete cascade,
      id bigint generated always as identity,
      kind text not null check (kind in ('write', 'admin')),
      old_key text not null,
      old_key_expires_at timestamptz not null,
      actor text not null,
      rotated_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create index shop_key_rotations_by_old_key on shop_key_rotations (old_key, kind);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table shop_key_rotations`.execute(db);
}
