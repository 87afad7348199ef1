import type { Db } from '../db/database.js';
import type { NewOrder, NewOrderItem, NewOrderStatusEvent } from './orders.table.js';

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

export async function insertOrders(db: Db, orders: NewOrder[]): Promise<void> {
  await insertInChunks(orders, (c) => db.insertInto('orders').values(c).execute());
}

export async function insertOrderItems(db: Db, items: NewOrderItem[]): Promise<void> {
  await insertInChunks(items, (c) => db.insertInto('order_items').values(c).execute());
}

export async function insertOrderStatusEvents(db: Db, rows: NewOrderStatusEvent[]): Promise<void> {
  await insertInChunks(rows, (c) => db.insertInto('order_status_events').values(c).execute());
}

/** Inserts orders that are not there yet; returns `shop_id\0id` of those inserted. */
export async function insertNewOrders(db: Db, orders: NewOrder[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  await insertInChunks(orders, async (c) => {
    const rows = await db
      .insertInto('orders')
      .values(c)
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning(['shop_id', 'id'])
      .execute();
    for (const r of rows) fresh.add(`${r.shop_id}\u0000${r.id}`);
  });
  return fresh;
}

/** Inserts order lines, skipping lines already stored. */
export async function insertNewOrderItems(db: Db, items: NewOrderItem[]): Promise<void> {
  await insertInChunks(items, (c) =>
    db.insertInto('order_items').values(c).onConflict((oc) => oc.columns(['shop_id', 'order_id', 'line_no']).doNothing()).execute(),
  );
}
