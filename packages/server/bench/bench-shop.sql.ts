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
