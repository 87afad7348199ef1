import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { OrderSource, OrderStatus, ShippingAddress } from './orders.table.js';

/** One row of the panel's order list. */
export interface OrderListRow {
  id: string;
  status: OrderStatus;
  placedAt: Date;
  total: number;
  currency: string;
  email: string | null;
  customerId: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  expectedOn: string | null;
  source: OrderSource;
  items: number;
}

export interface OrderListQuery {
  /** An order number's start, part of an e-mail, a tracking number or a customer id. */
  q?: string | undefined;
  status?: OrderStatus | undefined;
  limit: number;
  offset: number;
}

/** One line of an order as staff see it, with what its warranty needs. */
export interface AdminOrderLine {
  lineNo: number;
  productId: string;
  name: string;
  quantity: number;
  unitPrice: number;
  serialNumbers: string[];
  warrantyMonths: number;
}

/** The full order row as staff see it. */
export interface AdminOrderRow {
  id: string;
  status: OrderStatus;
  placedAt: Date;
  total: number;
  currency: string;
  email: string | null;
  customerId: string | null;
  source: OrderSource;
  deliveryMethod: string | null;
  paymentType: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  expectedOn: string | null;
  deliveredAt: Date | null;
  shippingAddress: ShippingAddress | null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A shop's orders, newest first, filtered by status and a search; `limit + 1` rows tell whether a next page exists. */
export async function listShopOrders(db: Db, shopId: string, query: OrderListQuery): Promise<OrderListRow[]> {
  let q = db
    .selectFrom('orders as o')
    .select([
      'o.id',
      'o.status',
      'o.placed_at as placedAt',
      'o.total',
      'o.currency',
      'o.email',
      'o.customer_id as customerId',
      'o.carrier',
      'o.tracking_number as trackingNumber',
      'o.expected_delivery_on as expectedOn',
      'o.source',
      (eb) =>
        eb
          .selectFrom('order_items as i')
          .select(sql<number>`coalesce(sum(i.quantity), 0)::int`.as('n'))
          .whereRef('i.shop_id', '=', 'o.shop_id')
          .whereRef('i.order_id', '=', 'o.id')
          .as('items'),
    ])
    .where('o.shop_id', '=', shopId);
  if (query.status) q = q.where('o.status', '=', query.status);
  const text = query.q?.trim();
  if (text) {
    const like = escapeLike(text.toLowerCase());
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(o.id)`, 'like', `${like}%`),
        eb(sql`lower(o.email)`, 'like', `%${like}%`),
        eb('o.tracking_number', '=', text),
        eb('o.customer_id', '=', text),
      ]),
    );
  }
  const rows = await q.orderBy('o.placed_at', 'desc').orderBy('o.id', 'desc').limit(query.limit + 1).offset(query.offset).execute();
  return rows.map((r) => ({ ...r, total: Number(r.total), items: Number(r.items ?? 0) }));
}

/** How many of a shop's orders are in each status. */
export async function countShopOrdersByStatus(db: Db, shopId: string): Promise<Partial<Record<OrderStatus, number>>> {
  const rows = await db.selectFrom('orders').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('shop_id', '=', shopId).groupBy('status').execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function findAdminOrder(db: Db, shopId: string, orderId: string): Promise<AdminOrderRow | undefined> {
  const r = await db
    .selectFrom('orders')
    .select([
      'id',
      'status',
      'placed_at as placedAt',
      'total',
      'currency',
      'email',
      'customer_id as customerId',
      'source',
      'delivery_method as deliveryMethod',
      'payment_type as paymentType',
      'carrier',
      'tracking_number as trackingNumber',
      'expected_delivery_on as expectedOn',
      'delivered_at as deliveredAt',
      'shipping_address as shippingAddress',
    ])
    .where('shop_id', '=', shopId)
    .where('id', '=', orderId)
    .executeTakeFirst();
  return r && { ...r, total: Number(r.total) };
}

export async function listAdminOrderLines(db: Db, shopId: string, orderId: string): Promise<AdminOrderLine[]> {
  const rows = await db
    .selectFrom('order_items as i')
    .leftJoin('products as p', (j) => j.onRef('p.shop_id', '=', 'i.shop_id').onRef('p.id', '=', 'i.product_id'))
    .select([
      'i.line_no as lineNo',
      'i.product_id as productId',
      'i.name',
      'i.quantity',
      'i.unit_price as unitPrice',
      'i.serial_numbers as serialNumbers',
      sql<number>`coalesce(p.warranty_months, 0)`.as('warrantyMonths'),
    ])
    .where('i.shop_id', '=', shopId)
    .where('i.order_id', '=', orderId)
    .orderBy('i.line_no')
    .execute();
  return rows.map((r) => ({ ...r, unitPrice: Number(r.unitPrice), warrantyMonths: Number(r.warrantyMonths) }));
}
