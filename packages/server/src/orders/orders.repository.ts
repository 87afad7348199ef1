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
