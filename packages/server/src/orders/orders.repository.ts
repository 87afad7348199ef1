import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewOrder, NewOrderItem, NewOrderStatusEvent } from './orders.table.js';

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function insertOrderStatusEvents(db: Db, rows: NewOrderStatusEvent[]): Promise<void> {
  await insertInChunks(rows, (c) => db.insertInto('order_status_events').values(c).execute());
}

/**
 * Inserts orders that are not there yet; returns `shop_id\0id` of those
 * written, and of those among them that replaced a stored version. An order from a trusted source (not 'event') also replaces one
 * stored from a tracking event: anyone can send an event, so an event must not
 * claim the number of the shop's real order first. An order with a version
 * (`updated_at`) replaces one from the same source with an older version or
 * none: the comparison is in the statement that writes, so versions that
 * arrive out of order, or at once, end with the newest. Other existing orders stay.
 */
export async function upsertOrdersFromSource(db: Db, orders: NewOrder[]): Promise<{ written: Set<string>; replaced: Set<string> }> {
  const written = new Set<string>();
  const replaced = new Set<string>();
  await insertInChunks(orders, async (c) => {
    const rows = await db
      .insertInto('orders')
      .values(c)
      .onConflict((oc) =>
        oc
          .columns(['shop_id', 'id'])
          .doUpdateSet((eb) => ({
            customer_id: eb.ref('excluded.customer_id'),
            anonymous_id: eb.ref('excluded.anonymous_id'),
            email: eb.ref('excluded.email'),
            status: eb.ref('excluded.status'),
            placed_at: eb.ref('excluded.placed_at'),
            total: eb.ref('excluded.total'),
            currency: eb.ref('excluded.currency'),
            delivery_method: eb.ref('excluded.delivery_method'),
            payment_type: eb.ref('excluded.payment_type'),
            shipping_address: eb.ref('excluded.shipping_address'),
            carrier: eb.ref('excluded.carrier'),
            tracking_number: eb.ref('excluded.tracking_number'),
            delivered_at: eb.ref('excluded.delivered_at'),
            source: eb.ref('excluded.source'),
            updated_at: eb.ref('excluded.updated_at'),
          }))
          .where((eb) =>
            eb.or([
              eb.and([eb('orders.source', '=', 'event'), eb('excluded.source', '<>', 'event')]),
              eb.and([
                eb('excluded.updated_at', 'is not', null),
                eb('orders.source', '=', eb.ref('excluded.source')),
                eb.or([eb('orders.updated_at', 'is', null), eb('orders.updated_at', '<', eb.ref('excluded.updated_at'))]),
              ]),
            ]),
          ),
      )
      // A row the statement inserted has no xmax; one it updated carries this transaction's.
      .returning(['shop_id', 'id', sql<boolean>`xmax <> 0`.as('replaced')])
      .execute();
    for (const r of rows) {
      written.add(`${r.shop_id}\u0000${r.id}`);
      if (r.replaced) replaced.add(`${r.shop_id}\u0000${r.id}`);
    }
  });
  return { written, replaced };
}

/** Who the stored versions of these orders (if any) belong to. */
export async function findOrderBuyers(db: Db, orders: { shop_id: string; id: string }[]) {
  if (orders.length === 0) return [];
  const byShop = new Map<string, string[]>();
  for (const o of orders) byShop.set(o.shop_id, [...(byShop.get(o.shop_id) ?? []), o.id]);
  const out: { shop_id: string; customer_id: string | null; anonymous_id: string | null }[] = [];
  for (const [shopId, ids] of byShop) {
    for (let i = 0; i < ids.length; i += 500) {
      out.push(...(await db.selectFrom('orders').select(['shop_id', 'customer_id', 'anonymous_id']).where('shop_id', '=', shopId).where('id', 'in', ids.slice(i, i + 500)).execute()));
    }
  }
  return out;
}

/** Deletes the lines of these orders (before an order is replaced with its own lines). */
export async function deleteOrderItems(db: Db, shopId: string, orderIds: string[]): Promise<void> {
  for (let i = 0; i < orderIds.length; i += 500) {
    await db.deleteFrom('order_items').where('shop_id', '=', shopId).where('order_id', 'in', orderIds.slice(i, i + 500)).execute();
  }
}

/** Deletes the timelines of these orders (before an order is replaced with its own timeline). */
export async function deleteOrderStatusEvents(db: Db, shopId: string, orderIds: string[]): Promise<void> {
  for (let i = 0; i < orderIds.length; i += 500) {
    await db.deleteFrom('order_status_events').where('shop_id', '=', shopId).where('order_id', 'in', orderIds.slice(i, i + 500)).execute();
  }
}

/** Inserts order lines, skipping lines already stored. */
export async function insertNewOrderItems(db: Db, items: NewOrderItem[]): Promise<void> {
  // Lines travel as one JSON document per 5,000: a bound value per column per
  // row cost the importer most of its time (kysely's building and pg's
  // encoding of 4,000 parameters a statement, about 70 ms per 500 lines).
  for (let i = 0; i < items.length; i += 5000) {
    const doc = JSON.stringify(
      items.slice(i, i + 5000).map((l) => ({
        shop_id: l.shop_id, order_id: l.order_id, line_no: l.line_no, product_id: l.product_id, name: l.name,
        quantity: l.quantity, unit_price: l.unit_price, serial_numbers: l.serial_numbers ?? [],
      })),
    );
    await sql`
      insert into order_items (shop_id, order_id, line_no, product_id, name, quantity, unit_price, serial_numbers)
      select shop_id, order_id, line_no, product_id, name, quantity, unit_price, serial_numbers
      from jsonb_to_recordset(${doc}::jsonb) as x(shop_id text, order_id text, line_no int, product_id text, name text, quantity int, unit_price numeric, serial_numbers text[])
      on conflict (shop_id, order_id, line_no) do nothing`.execute(db);
  }
}

/**
 * Refreshes the planner's statistics of the order tables. After a bulk load
 * into nearly empty tables this matters a great deal: Postgres plans the
 * foreign-key check of each order line once per connection, and planned on
 * an empty, never-analyzed `orders` it may pick `orders_by_anonymous`, which
 * matches only the shop, and then scans all the shop's orders for every line
 * (measured on a month of the online-retail export: 126 µs a line and
 * growing, against about 10 µs with the primary key). ANALYZE makes every
 * connection plan those checks again.
 */
export async function analyzeOrderTables(db: Db): Promise<void> {
  await sql`analyze orders, order_items`.execute(db);
}
