import { type Kysely, sql } from 'kysely';

// A shopper's latest product views, cart adds and clicks, newest first, kept
// in their profile row as the events land: recommendations read one row by
// primary key instead of searching every month of events for them.
// Existing profiles are filled from the last 180 days of their events.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles add column recent_products jsonb not null default '[]'`.execute(db);
  await sql`
    update profiles p set recent_products = coalesce((
      select jsonb_agg(jsonb_build_array(r.kind, r.product_id, r.at) order by r.at desc)
      from (
        select case e.event when 'Product Added' then 'added' when 'Product Clicked' then 'clicked' else 'viewed' end as kind,
               e.properties->>'product_id' as product_id,
               (extract(epoch from e.timestamp) * 1000)::bigint as at
        from events e
        where e.shop_id = p.shop_id
          and e.type = 'track'
          and e.event in ('Product Viewed', 'Product Added', 'Product Clicked')
          and e.properties ? 'product_id'
          and e.received_at >= now() - interval '180 days'
          and (case when p.id like 'anon:%' then e.anonymous_id = substr(p.id, 6) else e.user_id = p.id end)
        order by e.timestamp desc
        limit 30
      ) r
    ), '[]'::jsonb)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles drop column recent_products`.execute(db);
}
