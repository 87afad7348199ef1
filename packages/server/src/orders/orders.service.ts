import type { Db } from '../db/database.js';
import { insertNewOrderItems, insertNewOrders } from './orders.repository.js';
import type { NewOrder, NewOrderItem, ShippingAddress } from './orders.table.js';

/** An order with its lines, as one path (event, importer, webhook) brings it. */
export interface IncomingOrder {
  order: NewOrder;
  items: NewOrderItem[];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined);
const money = (n: number) => Math.round(n * 100) / 100;

/** The fields of an `Order Completed` event that an order needs (Segment's ecommerce spec, plus common aliases). */
export interface OrderCompletedEvent {
  shopId: string;
  properties: Record<string, unknown>;
  customerId: string | null;
  anonymousId: string | null;
  timestamp: Date;
}

/**
 * Reads an order out of an `Order Completed` event; undefined when it has no
 * order id. Serial numbers come from `products[].serial_numbers` (or `serial_number`).
 * @example orderFromEvent({ shopId: 's', properties: { order_id: '1001', total: 25, products: [{ product_id: 'p1', price: 25, quantity: 1 }] }, customerId: 'c1', anonymousId: null, timestamp })
 * // => { order: { id: '1001', total: 25, status: 'placed', ... }, items: [{ line_no: 1, product_id: 'p1', ... }] }
 */
export function orderFromEvent(e: OrderCompletedEvent): IncomingOrder | undefined {
  const p = e.properties;
  const id = str(p.order_id) ?? str(p.orderId) ?? str(p.checkout_id);
  if (!id) return undefined;
  const products = Array.isArray(p.products) ? (p.products as Record<string, unknown>[]) : [];
  const items: NewOrderItem[] = [];
  for (const line of products) {
    if (!line || typeof line !== 'object') continue;
    const productId = str(line.product_id) ?? str(line.productId) ?? str(line.sku) ?? str(line.id);
    if (!productId) continue;
    const serials = Array.isArray(line.serial_numbers) ? line.serial_numbers.map(str).filter((s): s is string => !!s) : str(line.serial_number) ? [str(line.serial_number)!] : [];
    items.push({
      shop_id: e.shopId,
      order_id: id,
      line_no: items.length + 1,
      product_id: productId.slice(0, 200),
      name: (str(line.name) ?? productId).slice(0, 500),
      quantity: Math.max(1, Math.round(num(line.quantity) ?? 1)),
      unit_price: money(num(line.price) ?? 0),
      serial_numbers: serials.slice(0, 100),
    });
  }
  const linesTotal = items.reduce((s, i) => s + Number(i.unit_price) * Number(i.quantity), 0);
  const total = money(num(p.total) ?? num(p.revenue) ?? linesTotal);
  return {
    order: {
      shop_id: e.shopId,
      id: id.slice(0, 200),
      customer_id: e.customerId,
      anonymous_id: e.anonymousId,
      email: str(p.email)?.toLowerCase() ?? null,
      status: 'placed',
      placed_at: e.timestamp,
      total,
      currency: (str(p.currency) ?? 'EUR').toUpperCase().slice(0, 3),
      delivery_method: str(p.delivery_method) ?? str(p.shipping_method) ?? null,
      payment_type: str(p.payment_type) ?? str(p.payment_method) ?? null,
      shipping_address: addressFrom(p.shipping_address ?? p.address),
      carrier: null,
      tracking_number: null,
      delivered_at: null,
    },
    items,
  };
}

function addressFrom(v: unknown): ShippingAddress | null {
  if (!v || typeof v !== 'object') return null;
  const a = v as Record<string, unknown>;
  const out: ShippingAddress = {};
  const name = str(a.name);
  const line1 = str(a.line1) ?? str(a.street) ?? str(a.address1);
  const city = str(a.city);
  const postalCode = str(a.postalCode) ?? str(a.postal_code) ?? str(a.zip);
  const country = str(a.country);
  if (name) out.name = name;
  if (line1) out.line1 = line1;
  if (city) out.city = city;
  if (postalCode) out.postalCode = postalCode;
  if (country) out.country = country;
  return Object.keys(out).length ? out : null;
}

/**
 * Stores orders and their lines once by (shop, order id): an order seen before
 * (a retried event, a re-run import) is left as it is. Returns the ids that were new.
 * Call it inside the caller's transaction.
 * @example await recordOrders(tx, [{ order, items }]) // => Set { '1001' }
 */
export async function recordOrders(db: Db, orders: IncomingOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const unique = new Map<string, IncomingOrder>();
  for (const o of orders) if (!unique.has(`${o.order.shop_id}\u0000${o.order.id}`)) unique.set(`${o.order.shop_id}\u0000${o.order.id}`, o);
  const list = [...unique.values()];
  const fresh = await insertNewOrders(db, list.map((o) => o.order));
  const items = list.filter((o) => fresh.has(`${o.order.shop_id}\u0000${o.order.id}`)).flatMap((o) => o.items);
  await insertNewOrderItems(db, items);
  return new Set([...fresh].map((k) => k.split('\u0000')[1]!));
}
