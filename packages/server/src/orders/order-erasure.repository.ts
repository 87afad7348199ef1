import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Whose orders: by customer id, device, e-mail (lowercased), phone (digits) or order number. */
export interface OrderOwner {
  customerIds: string[];
  anonymousIds: string[];
  emails: string[];
  phones: string[];
  orderIds: string[];
}

/** The orders of an owner, with the identifiers on them (to find the rest of the customer). */
export async function findOrdersOf(db: Db, shopId: string, o: OrderOwner) {
  const { rows } = await sql<{ id: string; customer_id: string | null; anonymous_id: string | null; email: string | null; phone: string | null }>`
    select id, customer_id, anonymous_id, lower(email) as email, regexp_replace(shipping_address ->> 'phone', '\\D', '', 'g') as phone
    from orders where shop_id = ${shopId} and (
      id = any(${o.orderIds}::text[]) or customer_id = any(${o.customerIds}::text[]) or anonymous_id = any(${o.anonymousIds}::text[])
      or lower(email) = any(${o.emails}::text[])
      or (shipping_address ? 'phone' and regexp_replace(shipping_address ->> 'phone', '\\D', '', 'g') = any(${o.phones}::text[])))`.execute(db);
  return rows;
}

/**
 * Keeps the orders for the merchant's books without the person: no customer
 * id, device, e-mail, name, address, phone or tracking number (the country
 * stays, for tax and sales by region), and no staff notes on their timeline.
 * Drops their buyers' purchase rows (the recommendations' per-shopper copy).
 */
export async function anonymizeOrders(db: Db, shopId: string, orderIds: string[], buyers: { customerIds: string[]; anonymousIds: string[] }): Promise<Record<string, number>> {
  if (orderIds.length === 0 && buyers.customerIds.length === 0 && buyers.anonymousIds.length === 0) return {};
  const orders = await sql`
    update orders set customer_id = null, anonymous_id = null, email = null, tracking_number = null,
      shipping_address = case when shipping_address ? 'country' then jsonb_build_object('country', shipping_address -> 'country') end
    where shop_id = ${shopId} and id = any(${orderIds}::text[])`.execute(db);
  const notes = await sql`update order_status_events set note = null where shop_id = ${shopId} and order_id = any(${orderIds}::text[]) and note is not null`.execute(db);
  const purchases = await sql`
    delete from buyer_purchases where shop_id = ${shopId} and (
      (kind = 'customer' and value = any(${buyers.customerIds}::text[])) or (kind = 'device' and value = any(${buyers.anonymousIds}::text[])))`.execute(db);
  return {
    orders: Number(orders.numAffectedRows ?? 0),
    order_status_events: Number(notes.numAffectedRows ?? 0),
    buyer_purchases: Number(purchases.numAffectedRows ?? 0),
  };
}

/** The orders with their lines (and serial numbers) and status timelines, for an export. */
export async function exportOrders(db: Db, shopId: string, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  const orders = await db.selectFrom('orders').selectAll().where('shop_id', '=', shopId).where('id', 'in', orderIds).orderBy('placed_at').execute();
  const items = await db.selectFrom('order_items').selectAll().where('shop_id', '=', shopId).where('order_id', 'in', orderIds).orderBy('line_no').execute();
  const timeline = await db.selectFrom('order_status_events').selectAll().where('shop_id', '=', shopId).where('order_id', 'in', orderIds).orderBy('seq').execute();
  return orders.map(({ shop_id: _s, ...o }) => ({
    ...o,
    items: items.filter((i) => i.order_id === o.id).map(({ shop_id: _x, order_id: _y, ...i }) => i),
    timeline: timeline.filter((t) => t.order_id === o.id).map(({ shop_id: _x, order_id: _y, ...t }) => t),
  }));
}
