import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** One product line of a completed order, with who bought it and when. */
export interface PurchaseLine {
  orderId: string;
  /** The customer id, else the order e-mail, else the anonymous id. */
  buyer: string;
  placedAt: Date;
  productId: string;
  quantity: number;
  unitPrice: number;
}

const buyerExpr = sql<string>`coalesce(o.customer_id, lower(o.email), o.anonymous_id, o.id)`;

/**
 * Every purchase line of a shop in a time window, oldest first: the input of
 * the recommendation models. Cancelled and returned orders do not count.
 */
export async function listPurchaseLines(db: Db, shopId: string, window: { since?: Date; until?: Date } = {}): Promise<PurchaseLine[]> {
  let q = db
    .selectFrom('order_items as i')
    .innerJoin('orders as o', (j) => j.onRef('o.shop_id', '=', 'i.shop_id').onRef('o.id', '=', 'i.order_id'))
    .select(['i.order_id as orderId', buyerExpr.as('buyer'), 'o.placed_at as placedAt', 'i.product_id as productId', 'i.quantity', 'i.unit_price as unitPrice'])
    .where('i.shop_id', '=', shopId)
    .where('o.status', 'not in', ['cancelled', 'returned']);
  if (window.since) q = q.where('o.placed_at', '>=', window.since);
  if (window.until) q = q.where('o.placed_at', '<', window.until);
  return q.orderBy('o.placed_at').orderBy('i.order_id').execute();
}

/** Shipping recipients of a customer's orders, for gift ideas. */
export async function findOrderRecipients(db: Db, shopId: string, customerId: string) {
  return db
    .selectFrom('orders as o')
    .innerJoin('order_items as i', (j) => j.onRef('i.shop_id', '=', 'o.shop_id').onRef('i.order_id', '=', 'o.id'))
    .select(['o.id as orderId', sql<string | null>`o.shipping_address->>'name'`.as('recipient'), 'i.product_id as productId', 'o.placed_at as placedAt'])
    .where('o.shop_id', '=', shopId)
    .where('o.customer_id', '=', customerId)
    .where('o.status', 'not in', ['cancelled'])
    .orderBy('o.placed_at')
    .limit(1000)
    .execute();
}

/** Purchase lines of the given shoppers since a time (for attributing orders to recommendation clicks). */
export async function findPurchaseLinesOfShoppers(
  db: Db,
  shopId: string,
  who: { customerIds: string[]; anonymousIds: string[] },
  since: Date,
): Promise<(PurchaseLine & { customerId: string | null; anonymousId: string | null })[]> {
  if (who.customerIds.length === 0 && who.anonymousIds.length === 0) return [];
  return db
    .selectFrom('orders as o')
    .innerJoin('order_items as i', (j) => j.onRef('i.shop_id', '=', 'o.shop_id').onRef('i.order_id', '=', 'o.id'))
    .select(['i.order_id as orderId', buyerExpr.as('buyer'), 'o.placed_at as placedAt', 'i.product_id as productId', 'i.quantity', 'i.unit_price as unitPrice', 'o.customer_id as customerId', 'o.anonymous_id as anonymousId'])
    .where('o.shop_id', '=', shopId)
    .where('o.placed_at', '>=', since)
    .where('o.status', 'not in', ['cancelled', 'returned'])
    .where((eb) =>
      eb.or([
        // One array parameter each: a list of tens of thousands of ids stays one bind value.
        ...(who.customerIds.length ? [eb('o.customer_id', '=', sql<string>`any(${who.customerIds}::text[])`)] : []),
        ...(who.anonymousIds.length ? [eb('o.anonymous_id', '=', sql<string>`any(${who.anonymousIds}::text[])`)] : []),
      ]),
    )
    .execute();
}

/** A customer's orders, newest first (the admin's view of one customer). */
export async function listOrdersOfCustomer(db: Db, shopId: string, customerId: string, limit: number) {
  return db
    .selectFrom('orders')
    .select(['id', 'status', 'placed_at', 'total', 'currency', 'delivery_method', 'payment_type', 'carrier', 'tracking_number', 'source'])
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('placed_at', 'desc')
    .limit(limit)
    .execute();
}

/** The lines of these orders, by order and line number. */
export async function listOrderItems(db: Db, shopId: string, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('order_items')
    .select(['order_id', 'line_no', 'product_id', 'name', 'quantity', 'unit_price', 'serial_numbers'])
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orderIds)
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
}
