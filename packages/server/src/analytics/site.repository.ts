import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Period } from './period.js';

const num = (v: unknown) => Number(v ?? 0);

/** Page views per path in a period, with the browsers that saw each. */
export async function countPageViews(db: Db, shopId: string, p: Period, limit = 50) {
  const { rows } = await sql<Record<string, unknown>>`
    select coalesce(properties->>'path', context->'page'->>'path', '/') as path, count(*) as views, count(distinct anonymous_id) as visitors
      from events where shop_id = ${shopId} and type = 'page' and timestamp >= ${p.from} and timestamp < ${p.to}
     group by 1 order by count(*) desc, 1 limit ${limit}`.execute(db);
  return rows.map((r) => ({ path: String(r.path), views: num(r.views), visitors: num(r.visitors) }));
}

/** Product views, cart adds and orders per product in a period, most viewed first. */
export async function countProductActivity(db: Db, shopId: string, p: Period, limit = 50) {
  const { rows } = await sql<Record<string, unknown>>`
    with v as (
      select properties->>'product_id' as product_id, max(properties->>'name') as name, max(properties->>'category') as category,
             count(*) filter (where event = 'Product Viewed') as views,
             count(distinct anonymous_id) filter (where event = 'Product Viewed') as viewers,
             count(*) filter (where event = 'Product Added') as cart_adds
        from events
       where shop_id = ${shopId} and type = 'track' and event in ('Product Viewed', 'Product Added') and timestamp >= ${p.from} and timestamp < ${p.to}
         and properties->>'product_id' is not null
       group by 1
    ),
    o as (
      select item->>'product_id' as product_id, count(distinct e.properties->>'order_id') as orders
        from events e cross join lateral jsonb_array_elements(case when jsonb_typeof(e.properties->'products') = 'array' then e.properties->'products' else '[]'::jsonb end) item
       where e.shop_id = ${shopId} and e.type = 'track' and e.event = 'Order Completed' and e.timestamp >= ${p.from} and e.timestamp < ${p.to}
       group by 1
    )
    select v.*, coalesce(o.orders, 0) as orders from v left join o on o.product_id = v.product_id
     order by v.views desc, v.product_id limit ${limit}`.execute(db);
  return rows.map((r) => ({
    productId: String(r.product_id),
    name: r.name === null ? null : String(r.name),
    category: r.category === null ? null : String(r.category),
    views: num(r.views),
    viewers: num(r.viewers),
    cartAdds: num(r.cart_adds),
    orders: num(r.orders),
  }));
}

/**
 * Internal searches per query (trimmed, lower-cased) in a period: how often,
 * the average result count, and how many found nothing. The result count is
 * the event's `results` (or `result_count`, `results_count`).
 */
export async function countSearches(db: Db, shopId: string, p: Period, opts: { zeroOnly: boolean; limit?: number }) {
  const { rows } = await sql<Record<string, unknown>>`
    with s as (
      select lower(btrim(properties->>'query')) as query,
             (select (properties->>k)::numeric from unnest(array['results', 'result_count', 'results_count']) k
               where jsonb_typeof(properties->k) = 'number' limit 1) as results
        from events
       where shop_id = ${shopId} and type = 'track' and event = 'Products Searched' and timestamp >= ${p.from} and timestamp < ${p.to}
         and coalesce(btrim(properties->>'query'), '') <> ''
    )
    select query, count(*) as searches, round(avg(results), 1) as avg_results, count(*) filter (where results = 0) as zero_results
      from s group by query ${opts.zeroOnly ? sql`having count(*) filter (where results = 0) > 0` : sql``}
     order by ${opts.zeroOnly ? sql`count(*) filter (where results = 0) desc` : sql`count(*) desc`}, query limit ${opts.limit ?? 50}`.execute(db);
  return rows.map((r) => ({ query: String(r.query), searches: num(r.searches), averageResults: r.avg_results === null ? null : num(r.avg_results), zeroResults: num(r.zero_results) }));
}
