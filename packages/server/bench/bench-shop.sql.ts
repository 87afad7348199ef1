/**
 * SQL that generates the benchmark shop inside Postgres (generate_series is
 * far faster than sending millions of rows from Node). Deterministic: the
 * random generator is seeded.
 */
export function benchShopSql(shopId: string, sizes: { products: number; customers: number; orders: number; events: number }): string {
  const { products, customers, orders, events } = sizes;
  // Popularity is skewed (a few products sell a lot): product index = n * r^3.
  return `
    select setseed(0.42);
    insert into products (shop_id, id, name, category, brand, price, regions, in_stock, warranty_months, consumable, repurchase_days, created_at)
    select '${shopId}', 'p-' || lpad(i::text, 5, '0'), 'Product ' || i, 'Category ' || (i % 50), 'Brand ' || (i % 200),
           round((5 + random() * 295)::numeric, 2),
           case when i % 10 = 3 then array['DE'] else '{}'::text[] end,
           i % 97 <> 0, case when i % 4 = 0 then 24 else 0 end, i % 10 = 0,
           case when i % 10 = 0 then 30 else null end,
           now() - random() * interval '700 days'
    from generate_series(1, ${products}) i;

    insert into customers (shop_id, id, email, first_name, region)
    select '${shopId}', 'c-' || lpad(i::text, 6, '0'), 'c' || i || '@bench.test', 'Shopper', (array['DE','FR','NL','AT','PL'])[1 + i % 5]
    from generate_series(1, ${customers}) i;

    insert into orders (shop_id, id, customer_id, anonymous_id, email, status, placed_at, total, currency)
    select '${shopId}', 'o-' || i, 'c-' || lpad(c::text, 6, '0'), 'a-' || c, 'c' || c || '@bench.test', 'delivered',
           now() - random() * interval '365 days', 0, 'EUR'
    from (select i, 1 + floor(random() * ${customers})::int as c from generate_series(1, ${orders}) i) o;

    insert into order_items (shop_id, order_id, line_no, product_id, name, quantity, unit_price, serial_numbers)
    select '${shopId}', 'o-' || i, l, 'p-' || lpad((1 + floor(${products - 1} * power(random(), 3)))::int::text, 5, '0'), 'item', 1, 10, '{}'
    from generate_series(1, ${orders}) i, generate_series(1, 3) l;

    insert into events (shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, properties, context, traits)
    select '${shopId}', 'm-' || i, 'track', 'Product Viewed', 'a-' || c, 'c-' || lpad(c::text, 6, '0'), t, t,
           jsonb_build_object('product_id', 'p-' || lpad((1 + floor(${products - 1} * power(random(), 3)))::int::text, 5, '0')), '{}', '{}'
    from (select i, 1 + floor(random() * ${customers})::int as c, now() - random() * interval '90 days' as t
          from generate_series(1, ${events}) i) e;
  `;
}

/**
 * Profiles for the generated customers, as ingestion would have left them:
 * region, counters and the 30 latest product views each.
 */
export function benchProfilesSql(shopId: string): string {
  return `
    with ranked as (
      select user_id, properties->>'product_id' as product_id, timestamp,
             row_number() over (partition by user_id order by timestamp desc) as rn,
             count(*) over (partition by user_id) as views,
             min(timestamp) over (partition by user_id) as first_at
      from events where shop_id = '${shopId}' and type = 'track' and event = 'Product Viewed'
    ), recent as (
      select user_id, max(views) as views, min(first_at) as first_at, max(timestamp) as last_at,
             jsonb_agg(jsonb_build_array('viewed', product_id, (extract(epoch from timestamp) * 1000)::bigint) order by timestamp desc) as list
      from ranked where rn <= 30 group by user_id
    )
    insert into profiles (shop_id, id, customer_id, email, first_name, region, first_seen_at, last_seen_at, sessions, visit_days, product_views, recent_products)
    select c.shop_id, c.id, c.id, c.email, c.first_name, c.region, r.first_at, r.last_at, coalesce(r.views, 0), coalesce(r.views, 0), coalesce(r.views, 0), coalesce(r.list, '[]')
    from customers c left join recent r on r.user_id = c.id
    where c.shop_id = '${shopId}'
    on conflict do nothing;
  `;
}
