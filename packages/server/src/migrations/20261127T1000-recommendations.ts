import { type Kysely, sql } from 'kysely';

// The recommendation models, built from all shoppers' orders and views by one
// process on a schedule and read by every process. One row per product keeps
// the table small (10k products: 10k rows) however many shoppers there are.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rec_item_models (
      shop_id text not null,
      product_id text not null,
      buyers integer not null default 0,
      recent_buyers integer not null default 0,
      trending double precision not null default 0,
      viewers integer not null default 0,
      median_repurchase_days double precision,
      co_purchase jsonb not null default '[]',
      co_view jsonb not null default '[]',
      primary key (shop_id, product_id)
    );

    create table rec_model_runs (
      shop_id text not null,
      id bigint generated always as identity,
      started_at timestamptz not null,
      finished_at timestamptz not null,
      trigger text not null,
      baskets integer not null,
      products integer not null,
      duration_ms integer not null,
      primary key (shop_id, id)
    );

    create table rec_rules (
      shop_id text not null,
      id bigint generated always as identity,
      action text not null check (action in ('pin', 'exclude', 'boost')),
      target text not null check (target in ('product', 'category', 'brand', 'tag')),
      value text not null,
      weight double precision not null default 1,
      placement text not null default 'all' check (placement in ('all', 'showcase', 'cross-sell', 'reorder')),
      created_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table rec_rules; drop table rec_model_runs; drop table rec_item_models;`.execute(db);
}
