import { type Kysely, type RawBuilder, sql } from 'kysely';

// A shopper's latest product views, cart adds and clicks, newest first, kept
// in their profile row as the events land: recommendations read one row by
// primary key instead of searching every month of events for them.
// Existing profiles are filled from the last 180 days of their events.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles add column recent_products jsonb not null default '[]'`.execute(db);
  // Two statements, one per kind of profile, so that each subquery walks the
  // matching (shop, anonymous id | user id, timestamp) index of events.
  await sql`update profiles p set recent_products = ${recentFrom(sql`e.anonymous_id = substr(p.id, 6)`)} where p.id like 'anon:%'`.execute(db);
  await sql`update profiles p set recent_products = ${recentFrom(sql`e.user_id = p.id`)} where p.id not like 'anon:%'`.execute(db);
}

/** The 30 latest product interactions of profile `p`, from events matching `who`, as the profile keeps them. */
function recentFrom(who: RawBuilder<unknown>) {
  return sql`coalesce((
    select jsonb_agg(jsonb_build_array(r.kind, r.product_id, r.at) order by r.at desc)
    from (
      select case e.event when 'Product Added' then 'added' when 'Product Clicked' then 'clicked' else 'viewed' end as kind,
             e.properties->>'product_id' as product_id,
             (extract(epoch from e.timestamp) * 1000)::bigint as at
      from events e
      where e.shop_id = p.shop_id and ${who}
        and e.type = 'track'
        and e.event in ('Product Viewed', 'Product Added', 'Product Clicked')
        and e.properties ? 'product_id'
        and e.received_at >= now() - interval '180 days'
      order by e.timestamp desc
      limit 30
    ) r
  ), '[]'::jsonb)`;
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles drop column recent_products`.execute(db);
}
