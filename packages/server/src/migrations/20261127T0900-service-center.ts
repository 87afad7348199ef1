import { type Kysely, sql } from 'kysely';

// The service center's tables: claims with their history, shopper lookup
// attempts (the brute-force counters, kept here so that every server process
// sees the same counts), message templates, per-shop settings, and the outbox
// that the SMTP sender drains.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table service_settings (
      shop_id text primary key references shops(id) on delete cascade,
      warranty_starts_at text not null default 'delivery',
      service_center_url text,
      mail_from text,
      updated_at timestamptz not null default now()
    );

    create table service_claims (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      order_id text not null,
      line_no integer not null,
      product_id text not null,
      product_name text not null,
      serial_number text,
      email text not null,
      customer_name text,
      problem text not null,
      photo bytea,
      photo_type text,
      service_point_id text,
      distance_km double precision,
      status text not null,
      locale text not null default 'en',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create index service_claims_by_email on service_claims (shop_id, lower(email), created_at);
    create index service_claims_by_order on service_claims (shop_id, order_id, line_no);

    create table service_claim_events (
      shop_id text not null,
      claim_id text not null,
      seq integer not null,
      status text not null,
      at timestamptz not null default now(),
      note text,
      actor text not null,
      primary key (shop_id, claim_id, seq),
      foreign key (shop_id, claim_id) references service_claims (shop_id, id) on delete cascade
    );

    -- One row per lookup (scope 'ip') and per unresolved or failed
    -- verification (scope 'order'); counted over a sliding window.
    create table service_lookup_attempts (
      shop_id text not null,
      scope text not null,
      subject text not null,
      id bigint generated always as identity,
      at timestamptz not null default now(),
      primary key (shop_id, scope, subject, id)
    );
    create index service_lookup_attempts_by_time on service_lookup_attempts (shop_id, scope, subject, at);

    create table service_templates (
      shop_id text not null references shops(id) on delete cascade,
      key text not null,
      locale text not null,
      subject text not null,
      body text not null,
      updated_at timestamptz not null default now(),
      primary key (shop_id, key, locale)
    );

    create table outbox_messages (
      shop_id text not null references shops(id) on delete cascade,
      id bigint generated always as identity,
      kind text not null,
      to_address text not null,
      from_address text,
      subject text not null,
      body_text text not null,
      attachments jsonb not null default '[]',
      ref text,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      lease_until timestamptz,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (shop_id, id)
    );
    create index outbox_messages_due on outbox_messages (next_attempt_at) where status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table outbox_messages;
    drop table service_templates;
    drop table service_lookup_attempts;
    drop table service_claim_events;
    drop table service_claims;
    drop table service_settings;
  `.execute(db);
}
