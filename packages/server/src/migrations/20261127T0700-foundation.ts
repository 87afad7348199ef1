import { type Kysely, sql } from 'kysely';

// shop_id leads every primary key and unique index, so that tenant isolation
// holds by construction and every table distributes by shop_id on Citus.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table shops (
      id text primary key,
      name text not null,
      write_key text not null unique,
      admin_key_hash text not null unique,
      signing_secret text not null,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );

    create table products (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      name text not null,
      description text not null default '',
      category text not null default '',
      brand text not null default '',
      price numeric(12,2) not null,
      currency text not null default 'EUR',
      url text not null default '',
      image_url text not null default '',
      regions text[] not null default '{}',
      in_stock boolean not null default true,
      warranty_months integer not null default 0,
      consumable boolean not null default false,
      repurchase_days integer,
      tags text[] not null default '{}',
      created_at timestamptz not null default now(),
      primary key (shop_id, id)
    );

    create table customers (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      email text,
      first_name text,
      last_name text,
      region text,
      city text,
      postal_code text,
      address text,
      created_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create index customers_email on customers (shop_id, lower(email));

    -- Events are append-only and partitioned by the month they arrived in.
    -- A unique key cannot span partitions, so de-duplication by
    -- (shop_id, message_id) lives in event_ids.
    create table event_ids (
      shop_id text not null,
      message_id text not null,
      received_at timestamptz not null,
      primary key (shop_id, message_id)
    );
    create table events (
      shop_id text not null,
      message_id text not null,
      type text not null,
      event text,
      anonymous_id text,
      user_id text,
      timestamp timestamptz not null,
      received_at timestamptz not null,
      sent_at timestamptz,
      properties jsonb not null default '{}',
      context jsonb not null default '{}',
      traits jsonb not null default '{}'
    ) partition by range (received_at);
    create table events_default partition of events default;
    create index events_by_anonymous on events (shop_id, anonymous_id, timestamp);
    create index events_by_user on events (shop_id, user_id, timestamp);
    create index events_by_time on events (shop_id, received_at);

    create table failed_events (
      shop_id text not null,
      id bigint generated always as identity,
      received_at timestamptz not null default now(),
      reason text not null,
      message text not null,
      payload jsonb not null,
      primary key (shop_id, id)
    );

    create table orders (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      customer_id text,
      anonymous_id text,
      email text,
      status text not null,
      placed_at timestamptz not null,
      total numeric(12,2) not null,
      currency text not null default 'EUR',
      delivery_method text,
      payment_type text,
      shipping_address jsonb,
      carrier text,
      tracking_number text,
      delivered_at timestamptz,
      primary key (shop_id, id)
    );
    create index orders_by_customer on orders (shop_id, customer_id, placed_at);
    create index orders_by_email on orders (shop_id, lower(email));

    create table order_items (
      shop_id text not null,
      order_id text not null,
      line_no integer not null,
      product_id text not null,
      name text not null,
      quantity integer not null,
      unit_price numeric(12,2) not null,
      serial_numbers text[] not null default '{}',
      primary key (shop_id, order_id, line_no),
      foreign key (shop_id, order_id) references orders (shop_id, id) on delete cascade
    );
    create index order_items_by_product on order_items (shop_id, product_id);

    create table order_status_events (
      shop_id text not null,
      order_id text not null,
      seq integer not null,
      status text not null,
      at timestamptz not null,
      note text,
      primary key (shop_id, order_id, seq),
      foreign key (shop_id, order_id) references orders (shop_id, id) on delete cascade
    );

    create table service_points (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      name text not null,
      address text not null,
      city text not null,
      postal_code text not null,
      lat double precision not null,
      lon double precision not null,
      hours text not null default '',
      email text not null default '',
      categories text[] not null default '{}',
      brands text[] not null default '{}',
      primary key (shop_id, id)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table service_points;
    drop table order_status_events;
    drop table order_items;
    drop table orders;
    drop table failed_events;
    drop table events;
    drop table event_ids;
    drop table customers;
    drop table products;
    drop table shops;
  `.execute(db);
}
