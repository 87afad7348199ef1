import type { Db } from '../db/database.js';
import type { Customer, NewCustomer } from './customers.table.js';

export async function insertCustomers(db: Db, customers: NewCustomer[]): Promise<void> {
  for (let i = 0; i < customers.length; i += 500) {
    await db.insertInto('customers').values(customers.slice(i, i + 500)).execute();
  }
}

export async function findCustomerById(db: Db, shopId: string, id: string): Promise<Customer | undefined> {
  return db.selectFrom('customers').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

/** Inserts customer records that are not there yet; returns how many were new. */
export async function insertMissingCustomers(db: Db, customers: NewCustomer[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < customers.length; i += 500) {
    const rows = await db
      .insertInto('customers')
      .values(customers.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['shop_id', 'id']).doNothing())
      .returning('id')
      .execute();
    n += rows.length;
  }
  return n;
}

/** A customer's orders, newest first, with their lines. */
export async function findCustomerOrders(db: Db, shopId: string, customerId: string, limit = 100) {
  const orders = await db
    .selectFrom('orders')
    .select(['id', 'status', 'placed_at', 'total', 'currency', 'delivery_method', 'payment_type', 'carrier', 'tracking_number'])
    .where('shop_id', '=', shopId)
    .where('customer_id', '=', customerId)
    .orderBy('placed_at', 'desc')
    .limit(limit)
    .execute();
  if (orders.length === 0) return [];
  const items = await db
    .selectFrom('order_items')
    .select(['order_id', 'line_no', 'product_id', 'name', 'quantity', 'unit_price', 'serial_numbers'])
    .where('shop_id', '=', shopId)
    .where('order_id', 'in', orders.map((o) => o.id))
    .orderBy('order_id')
    .orderBy('line_no')
    .execute();
  return orders.map((o) => ({
    id: o.id,
    status: o.status,
    placedAt: o.placed_at,
    total: Number(o.total),
    currency: o.currency,
    deliveryMethod: o.delivery_method,
    paymentType: o.payment_type,
    carrier: o.carrier,
    trackingNumber: o.tracking_number,
    items: items
      .filter((i) => i.order_id === o.id)
      .map((i) => ({ productId: i.product_id, name: i.name, quantity: i.quantity, unitPrice: Number(i.unit_price), serialNumbers: i.serial_numbers })),
  }));
}

/** The latest events of a customer, from their user id and every device linked to them. */
export async function findCustomerTimeline(db: Db, shopId: string, who: { userId: string | null; anonymousIds: string[] }, limit: number) {
  if (!who.userId && who.anonymousIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select(['message_id', 'type', 'event', 'timestamp', 'anonymous_id', 'user_id', 'properties'])
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        ...(who.userId ? [eb('user_id', '=', who.userId)] : []),
        ...(who.anonymousIds.length ? [eb('anonymous_id', 'in', who.anonymousIds)] : []),
      ]),
    )
    .orderBy('timestamp', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ messageId: r.message_id, type: r.type, event: r.event, timestamp: r.timestamp, anonymousId: r.anonymous_id, userId: r.user_id, properties: r.properties }));
}

/** A customer's region, as a scalar subquery for callers that combine lookups in one round trip. */
export function selectCustomerRegion(db: Db, shopId: string, id: string) {
  return db.selectFrom('customers').select('region').where('shop_id', '=', shopId).where('id', '=', id).limit(1);
}
