import { type Kysely, sql } from 'kysely';

// Retention campaigns (see campaigns/ and docs/campaigns.md).
//
// campaign_segments: saved audience definitions (the zod schema of
// campaigns/segment.schema.ts, as JSON).
//
// campaigns: one-off sends. The segment definition is copied in when the
// campaign is made, so a later edit of the saved segment does not change who
// a campaign already planned goes to.
//
// campaign_recipients is the campaign's outbox and its idempotency key:
// (shop_id, campaign_id, profile_id) is the primary key, so a recipient is
// planned once however often the planning step runs again. A row goes
// pending -> sending (committed before the SMTP conversation starts) -> sent;
// a row found in `sending` by a sender that took the campaign over is in doubt
// (the SMTP server may have accepted it) and becomes `unknown`, never resent.
// Bodies are rendered at send time, not stored: 100,000 stored bodies would be
// gigabytes. Holdout rows are kept with status `held_out` for the lift report.
//
// marketing_unsubscribes: addresses that unsubscribed (RFC 8058 one-click or
// the page), by lowercased e-mail, so a new profile with the same address is
// not mailed either. Personal data: erased and exported with the customer.
//
// campaign_clicks: tracked clicks, for attribution (orders after a click).
//
// campaign_settings: per shop, the frequency cap (messages per days across
// all campaigns), the send rate and concurrency, the attribution window.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table campaign_segments (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      name text not null,
      definition jsonb not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (shop_id, id)
    );

    create table campaigns (
      shop_id text not null references shops(id) on delete cascade,
      id text not null,
      name text not null,
      segment_id text,
      definition jsonb not null,
      language text not null default 'en' check (language in ('en', 'ru')),
      subject text not null,
      intro text not null default '',
      status text not null default 'draft' check (status in ('draft', 'scheduled', 'sending', 'sent', 'cancelled')),
      send_at timestamptz,
      holdout_percent integer not null default 10 check (holdout_percent between 0 and 90),
      product_count integer not null default 4 check (product_count between 1 and 6),
      planned_at timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (shop_id, id)
    );
    create index campaigns_due on campaigns (send_at) where status in ('scheduled', 'sending');

    create table campaign_recipients (
      shop_id text not null,
      campaign_id text not null,
      profile_id text not null,
      email text not null,
      customer_id text,
      anonymous_id text,
      first_name text,
      holdout boolean not null,
      status text not null check (status in ('pending', 'sending', 'sent', 'unknown', 'failed', 'held_out', 'capped', 'excluded')),
      attempts integer not null default 0,
      sent_at timestamptz,
      last_error text,
      opened_at timestamptz,
      clicked_at timestamptz,
      unsubscribed_at timestamptz,
      primary key (shop_id, campaign_id, profile_id),
      foreign key (shop_id, campaign_id) references campaigns (shop_id, id) on delete cascade
    );
    create index campaign_recipients_pending on campaign_recipients (shop_id, campaign_id, profile_id) where status in ('pending', 'sending');
    create index campaign_recipients_by_email on campaign_recipients (shop_id, lower(email), sent_at);
    create index campaign_recipients_by_profile on campaign_recipients (shop_id, profile_id, sent_at);

    create table campaign_clicks (
      shop_id text not null,
      campaign_id text not null,
      profile_id text not null,
      id bigint generated always as identity,
      url text not null,
      clicked_at timestamptz not null default now(),
      primary key (shop_id, campaign_id, profile_id, id),
      foreign key (shop_id, campaign_id) references campaigns (shop_id, id) on delete cascade
    );

    create table campaign_settings (
      shop_id text primary key references shops(id) on delete cascade,
      frequency_cap integer not null default 2,
      frequency_days integer not null default 7,
      rate_per_second integer not null default 50,
      concurrency integer not null default 4,
      attribution_days integer not null default 7
    );

    create table marketing_unsubscribes (
      shop_id text not null references shops(id) on delete cascade,
      email text not null,
      campaign_id text,
      unsubscribed_at timestamptz not null default now(),
      primary key (shop_id, email)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table marketing_unsubscribes; drop table campaign_settings; drop table campaign_clicks; drop table campaign_recipients; drop table campaigns; drop table campaign_segments;`.execute(db);
}
