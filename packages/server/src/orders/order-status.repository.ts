import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Order, OrderStatus, ShippingAddress } from './orders.table.js';

/** An order line with what the service center needs of its product. */
export interface OrderLine {
  orderId: string;
  lineNo: number;
  productId: string;
  name: string;
  quantity: number;
  serialNumbers: string[];
  category: string;
  brand: string;
  warrantyMonths: number;
}

export interface OrderStatusEntry {
  orderId: string;
  seq: number;
  status: OrderStatus;
  at: Date;
  note: string | null;
}

export async function findOrderById(db: Db, shopId: string, orderId: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', orderId).executeTakeFirst();
}

/** The order row, locked until the transaction ends: status updates append to its timeline one at a time. */
export async function findOrderForUpdate(db: Db, shopId: string, orderId: string): Promise<Order | undefined> {
  return db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', '=', orderId).forUpdate().executeTakeFirst();
}

/** Every order placed with this e-mail (case-insensitive), newest first. */
export async function listOrdersByEmail(db: Db, shopId: string, email: string): Promise<Order[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('shop_id', '=', shopId)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('placed_at', 'desc')
    .limit(500)
    .execute();
}

export async function listOrderLines(db: Db, shopId: string, orderIds: string[]): Promise<OrderLine[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_items as i')
    .leftJoin('products as p', (j) => j.onRef('p.shop_id', '=', 'i.shop_id').onRef('p.id', '=', 'i.product_id'))
    .select([
      'i.order_id as orderId',
      'i.line_no as lineNo',
      'i.product_id as productId',
      'i.name',
      'i.quantity',
      'i.serial_numbers as serialNumbers',
      sql<string>`coalesce(p.category, '')`.as('category'),
      sql<string>`coalesce(p.brand, '')`.as('brand'),
      sql<number>`coalesce(p.warranty_months, 0)`.as('warrantyMonths'),
    ])
    .where('i.shop_id', '=', shopId)
    .where('i.order_id', 'in', orderIds)
    .orderBy('i.order_id')
    .orderBy('i.line_no')
    .execute();
}

export async function listOrderStatusEntries(db: Db, shopId: string, orderIds: string[]): Promise<OrderStatusEntry[]> {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_status_events')
    .select(['order_id as orderId', 'seq', 'status', 'at', 'note'])
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('seq')
    .execute();
}

/** Appends to the order's timeline; call with the order locked (`findOrderForUpdate`). */
export async function appendOrderStatusEntry(db: Db, shopId: string, orderId: string, entry: { status: OrderStatus; at: Date; note: string | null }): Promise<number> {
  const row = await db
    .insertInto('order_status_events')
    .values((eb) => ({
      shop_id: shopId,
      order_id: orderId,
      seq: eb
        .selectFrom('order_status_events')
        .select(sql<number>`coalesce(max(seq), 0) + 1`.as('next'))
        .where('shop_id', '=', shopId)
        .where('order_id', '=', orderId),
      status: entry.status,
      at: entry.at,
      note: entry.note,
    }))
    .returning('seq')
    .executeTakeFirstOrThrow();
  return row.seq;
}

export async function updateOrderProgress(
  db: Db,
  shopId: string,
  orderId: string,
  fields: { status: OrderStatus; carrier?: string; tracking_number?: string; expected_delivery_on?: string | null; delivered_at?: Date },
): Promise<void> {
  await db.updateTable('orders').set(fields).where('shop_id', '=', shopId).where('id', '=', orderId).execute();
}

export type { ShippingAddress };
