import { type Kysely, sql } from 'kysely';

// Each buyer's purchase lines in one row, kept by the orders domain whenever
// their orders change: a shopper's recommendations read one or two rows by
// primary key instead of joining orders and lines page by page. A buyer is a
// customer (orders with that customer id) or a device (orders placed from
// that anonymous id, whoever the customer). Existing orders are filled in.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table buyer_purchases (
      shop_id text not null references shops(id) on delete cascade,
      kind text not null check (kind in ('customer', 'device')),
      value text not null,
      lines jsonb not null default '[]',
      updated_at timestamptz not null default now(),
      primary key (shop_id, kind, value)
    )
  `.execute(db);
  for (const [kind, column] of [['customer', 'customer_id'], ['device', 'anonymous_id']] as const) {
    await sql`
      insert into buyer_purchases (shop_id, kind, value, lines)
      select l.shop_id, ${kind}, l.buyer,
             jsonb_agg(jsonb_build_array(l.order_id, l.line_no, l.product_id, l.quantity, l.unit_price, l.at) order by l.at, l.order_id, l.line_no)
      from (
        select o.shop_id, o.${sql.ref(column)} as buyer, i.order_id, i.line_no, i.product_id, i.quantity, i.unit_price,
               (extract(epoch from o.placed_at) * 1000)::bigint as at,
               row_number() over (partition by o.shop_id, o.${sql.ref(column)} order by o.placed_at desc, i.order_id, i.line_no) as recent
        from orders o join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
        where o.${sql.ref(column)} is not null and o.status not in ('cancelled', 'returned')
      ) l
      where l.recent <= 5000
      group by l.shop_id, l.buyer
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table buyer_purchases`.execute(db);
}
