import { type Kysely, type RawBuilder, sql } from 'kysely';

// A shopper's latest product views, cart adds and clicks, newest first, kept
// in their profile row as the events land, each with the device (anonymous id)
// it happened on: recommendations read one row by primary key instead of
// searching every month of events for them. Existing profiles are filled from
// the last 180 days of their events: an anonymous profile from its device's
// events, a customer's from their own and from the devices linked to them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles add column recent_products jsonb not null default '[]'`.execute(db);
  // One statement per kind of profile, each subquery walking an index of events
  // ((shop, anonymous id, timestamp) or (shop, user id, timestamp)).
  await sql`
    update profiles p set recent_products = ${latest(sql`
      select ${columns} from events e
      where e.shop_id = p.shop_id and e.anonymous_id = substr(p.id, 6) and e.user_id is null and ${productEvents}
      order by e.timestamp desc limit 30`)}
    where p.id like 'anon:%'
  `.execute(db);
  await sql`
    update profiles p set recent_products = ${latest(sql`
      (select ${columns} from events e
       where e.shop_id = p.shop_id and e.user_id = p.id and ${productEvents}
       order by e.timestamp desc limit 30)
      union all
      (select ${columns} from profile_identities pi join events e on e.shop_id = pi.shop_id and e.anonymous_id = pi.value
       where pi.shop_id = p.shop_id and pi.kind = 'anonymous' and pi.profile_id = p.id and e.user_id is null and ${productEvents}
       order by e.timestamp desc limit 30)`)}
    where p.id not like 'anon:%'
  `.execute(db);
}

const columns = sql`
  case e.event when 'Product Added' then 'added' when 'Product Clicked' then 'clicked' else 'viewed' end as kind,
  e.properties->>'product_id' as product_id,
  (extract(epoch from e.timestamp) * 1000)::bigint as at,
  e.anonymous_id as device`;

const productEvents = sql`
  e.type = 'track' and e.event in ('Product Viewed', 'Product Added', 'Product Clicked')
  and e.properties ? 'product_id' and e.received_at >= now() - interval '180 days'`;

/** The 30 latest of the interactions `rows` selects, as the profile keeps them. */
function latest(rows: RawBuilder<unknown>) {
  return sql`coalesce((
    select jsonb_agg(jsonb_build_array(r.kind, r.product_id, r.at, r.device) order by r.at desc)
    from (select * from (${rows}) u order by u.at desc limit 30) r
  ), '[]'::jsonb)`;
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table profiles drop column recent_products`.execute(db);
}
