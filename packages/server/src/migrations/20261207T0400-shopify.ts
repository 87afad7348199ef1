import { type Kysely, sql } from 'kysely';

// The Shopify app (see docs/shopify.md).
//
// shopify_shops links a Vitrina shop to its myshopify.com domain and keeps the
// offline tokens, sealed (AES-256-GCM under VITRINA_SECRET_KEY, the key's id
// beside each value so that a key can be rotated). It is one row per shop, as
// shops is: the domain is unique over the deployment because a webhook or an
// install names only its domain, the one lookup from outside in (shops'
// write_key is the other); on Citus both are reference tables.
//
// shopify_webhook_inbox holds each delivery before it is answered, keyed by
// Shopify's X-Shopify-Event-Id, so that a duplicate has its effect once; a
// job applies the pending rows. The body is dropped once applied.
//
// shopify_resources maps Shopify's numeric ids to ours (an order's number is
// its name, #1001) and keeps each product's latest version (updated_at), so
// that an older products/update delivered late changes nothing. Orders carry
// their own version in orders.updated_at (below): the comparison is made by
// the same statement that writes the order.
//
// shopify_data_requests keeps the export a customers/data_request produces,
// for the merchant to fetch and hand over.
//
// orders.source gains 'shopify', a trusted source: the shop's own platform
// signs its webhooks.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shopify_shops (
      shop_id text primary key references shops(id) on delete cascade,
      myshopify_domain text not null unique,
      status text not null check (status in ('active', 'uninstalled')),
      installed_at timestamptz not null,
      uninstalled_at timestamptz,
      scopes text not null default '',
      access_token text,
      access_token_key_id text,
      access_token_expires_at timestamptz,
      refresh_token text,
      refresh_token_key_id text,
      refresh_token_expires_at timestamptz,
      updated_at timestamptz not null default now(),
      check ((access_token is null) = (access_token_key_id is null)),
      check ((refresh_token is null) = (refresh_token_key_id is null))
    );

    create table shopify_webhook_inbox (
      shop_id text not null references shops(id) on delete cascade,
      event_id text not null,
      webhook_id text,
      topic text not null,
      api_version text,
      triggered_at timestamptz,
      received_at timestamptz not null default now(),
      body jsonb,
      status text not null default 'pending' check (status in ('pending', 'applied', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      applied_at timestamptz,
      primary key (shop_id, event_id)
    );
    create index shopify_webhook_inbox_due on shopify_webhook_inbox (next_attempt_at) where status = 'pending';
    create index shopify_webhook_inbox_applied on shopify_webhook_inbox (applied_at) where status = 'applied';

    create table shopify_resources (
      shop_id text not null references shops(id) on delete cascade,
      kind text not null check (kind in ('order', 'product')),
      shopify_id text not null,
      vitrina_id text not null,
      updated_at timestamptz,
      deleted boolean not null default false,
      primary key (shop_id, kind, shopify_id)
    );

    create table shopify_data_requests (
      shop_id text not null references shops(id) on delete cascade,
      id bigint generated always as identity,
      data_request_id text,
      customer_id text,
      email text,
      requested_at timestamptz not null default now(),
      document jsonb not null,
      primary key (shop_id, id)
    );

    alter table orders add column updated_at timestamptz;
    alter table orders drop constraint orders_source_known;
    alter table orders add constraint orders_source_known check (source in ('event', 'import', 'admin', 'shopify'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    update orders set source = 'import' where source = 'shopify';
    alter table orders drop constraint orders_source_known;
    alter table orders add constraint orders_source_known check (source in ('event', 'import', 'admin'));
    alter table orders drop column updated_at;
    drop table shopify_data_requests;
    drop table shopify_resources;
    drop table shopify_webhook_inbox;
    drop table shopify_shops;
  `.execute(db);
}
