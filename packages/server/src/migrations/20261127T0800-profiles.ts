import { type Kysely, sql } from 'kysely';

// Profiles, the identity graph and the records that keep them exactly-once.
// shop_id leads every key, as everywhere.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- One row a shopper: a known customer (id = the shop's customer id) or an
    -- anonymous visitor not yet known (id = 'anon:' || anonymous id).
    create table profiles (
      shop_id text not null,
      id text not null,
      customer_id text,
      email text,
      first_name text,
      last_name text,
      region text,
      first_seen_at timestamptz,
      last_seen_at timestamptz,
      sessions integer not null default 0,
      visit_days integer not null default 0,
      page_views integer not null default 0,
      product_views integer not null default 0,
      searches integer not null default 0,
      zero_result_searches integer not null default 0,
      cart_adds integer not null default 0,
      orders integer not null default 0,
      revenue numeric(14,2) not null default 0,
      first_order_at timestamptz,
      last_order_at timestamptz,
      category_affinity jsonb not null default '{}',
      brand_affinity jsonb not null default '{}',
      affinity_at timestamptz,
      checkout jsonb,
      consent jsonb not null default '{}',
      updated_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create index profiles_by_email on profiles (shop_id, lower(email));
    create index profiles_by_customer on profiles (shop_id, customer_id) where customer_id is not null;

    -- Which profile an anonymous id (a device) belongs to now.
    create table profile_identities (
      shop_id text not null,
      kind text not null,
      value text not null,
      profile_id text not null,
      linked_at timestamptz not null default now(),
      primary key (shop_id, kind, value)
    );
    create index profile_identities_by_profile on profile_identities (shop_id, profile_id);

    -- Every merge of one profile into another; a profile is merged at most once.
    create table profile_merges (
      shop_id text not null,
      from_profile_id text not null,
      into_profile_id text not null,
      reason text not null,
      merged_at timestamptz not null default now(),
      primary key (shop_id, from_profile_id)
    );

    -- Orders counted in a profile: an order counts once, whichever path
    -- (event, importer, webhook) brings it first.
    create table profile_orders (
      shop_id text not null,
      order_id text not null,
      profile_id text not null,
      total numeric(14,2) not null,
      placed_at timestamptz not null,
      primary key (shop_id, order_id)
    );
    create index profile_orders_by_profile on profile_orders (shop_id, profile_id, placed_at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table profile_orders;
    drop table profile_merges;
    drop table profile_identities;
    drop table profiles;
  `.execute(db);
}
