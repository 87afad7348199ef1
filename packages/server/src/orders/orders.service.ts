import type { Db } from '../db/database.js';
import { addBuyerKeys, emptyBuyerKeys, refreshBuyerPurchases, type BuyerKeys } from './buyer-purchases.repository.js';
export { analyzeOrderTables } from './orders.repository.js';
import { deleteOrderItems, deleteOrderStatusEvents, findOrderBuyers, insertNewOrderItems, insertOrderStatusEvents, upsertOrdersFromSource } from './orders.repository.js';
import type { NewOrder, NewOrderItem, OrderStatus, ShippingAddress } from './orders.table.js';

/** An order with its lines, as one path (event, importer, webhook) brings it. */
export interface IncomingOrder {
  order: NewOrder;
  items: NewOrderItem[];
  /** Where the order has been so far, oldest first, when its source knows (a shop's export with its history). */
  timeline?: { status: OrderStatus; at: Date; note?: string | null }[];
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() && Number.isFinite(Number(v)) ? Number(v) : undefined);
const money = (n: number) => Math.round(n * 100) / 100;

// What the columns hold: orders.id is cut nowhere, so a longer id is refused;
// total and unit_price are numeric(12,2) (under 1e10); quantity is int4. One
// value out of range would fail the whole ingest transaction, so such an
// order is left out (the event itself is still stored).
const MAX_ORDER_ID = 200;
const MAX_MONEY = 1e10;
const MAX_QUANTITY = 2_147_483_647;
const fitsMoney = (n: number) => Math.abs(n) < MAX_MONEY;

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
 * order id, or when its id (over 200 characters), a quantity (over int4) or an
 * amount (1e10 or more) does not fit the orders tables. The order's source is
 * 'event': it proves nothing about who the shopper is. Serial numbers come from `products[].serial_numbers` (or `serial_number`).
 * @example orderFromEvent({ shopId: 's', properties: { order_id: '1001', total: 25, products: [{ product_id: 'p1', price: 25, quantity: 1 }] }, customerId: 'c1', anonymousId: null, timestamp })
 * // => { order: { id: '1001', total: 25, status: 'placed', ... }, items: [{ line_no: 1, product_id: 'p1', ... }] }
 */
export function orderFromEvent(e: OrderCompletedEvent): IncomingOrder | undefined {
  const p = e.properties;
  const id = str(p.order_id) ?? str(p.orderId) ?? str(p.checkout_id);
  if (!id || id.length > MAX_ORDER_ID) return undefined;
  const products = Array.isArray(p.products) ? (p.products as Record<string, unknown>[]) : [];
  const items: NewOrderItem[] = [];
  for (const line of products) {
    if (!line || typeof line !== 'object') continue;
    const productId = str(line.product_id) ?? str(line.productId) ?? str(line.sku) ?? str(line.id);
    if (!productId) continue;
    const quantity = Math.max(1, Math.round(num(line.quantity) ?? 1));
    const unitPrice = money(num(line.price) ?? 0);
    if (quantity > MAX_QUANTITY || !fitsMoney(unitPrice)) return undefined;
    const serials = Array.isArray(line.serial_numbers) ? line.serial_numbers.map(str).filter((s): s is string => !!s) : str(line.serial_number) ? [str(line.serial_number)!] : [];
    items.push({
      shop_id: e.shopId,
      order_id: id,
      line_no: items.length + 1,
      product_id: productId.slice(0, 200),
      name: (str(line.name) ?? productId).slice(0, 500),
      quantity,
      unit_price: unitPrice,
      serial_numbers: serials.slice(0, 100),
    });
  }
  const linesTotal = items.reduce((s, i) => s + Number(i.unit_price) * Number(i.quantity), 0);
  const total = money(num(p.total) ?? num(p.revenue) ?? linesTotal);
  if (!fitsMoney(total)) return undefined;
  return {
    order: {
      shop_id: e.shopId,
      id,
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
      source: 'event',
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
 * (a retried event, a re-run import) is left as it is, except that an order
 * from a trusted source (importer, staff) replaces one that came from a
 * tracking event: the event version's lines and status timeline (staff may
 * have moved it) go, and only the trusted order's own remain. So does an
 * order that carries a version (`updated_at`, Shopify's) newer than the one
 * stored from the same source: its lines and timeline replace the stored
 * ones, and an older version changes nothing. A written
 * order's timeline, if it comes with one, is stored in the order given.
 * Profiles are not touched: an event order was never counted in one
 * (`recordOrdersInProfiles` counts the trusted order). Returns the ids that
 * were written.
 * Call it inside the caller's transaction.
 * @example await recordOrders(tx, [{ order, items }]) // => Set { '1001' }
 */
export async function recordOrders(db: Db, orders: IncomingOrder[]): Promise<Set<string>> {
  if (orders.length === 0) return new Set();
  const unique = new Map<string, IncomingOrder>();
  for (const o of orders) if (!unique.has(`${o.order.shop_id}\u0000${o.order.id}`)) unique.set(`${o.order.shop_id}\u0000${o.order.id}`, o);
  const list = [...unique.values()];
  // The buyers whose purchase rows change: those of the written orders, and of
  // the event versions a trusted order replaces (it may name another customer).
  const buyers = new Map<string, BuyerKeys>();
  const buyersOf = (shopId: string) => buyers.get(shopId) ?? buyers.set(shopId, emptyBuyerKeys()).get(shopId)!;
  for (const previous of await findOrderBuyers(db, list.filter((o) => o.order.source !== undefined && o.order.source !== 'event').map((o) => o.order))) {
    addBuyerKeys(buyersOf(previous.shop_id), previous);
  }
  const { written, replaced } = await upsertOrdersFromSource(db, list.map((o) => o.order));
  const writtenList = list.filter((o) => written.has(`${o.order.shop_id}\u0000${o.order.id}`));
  // A replaced order takes its lines and timeline with it; a new order has none yet.
  const replaceable = writtenList.filter((o) => replaced.has(`${o.order.shop_id}\u0000${o.order.id}`));
  const byShop = new Map<string, string[]>();
  for (const o of replaceable) byShop.set(o.order.shop_id, [...(byShop.get(o.order.shop_id) ?? []), o.order.id]);
  for (const [shopId, ids] of byShop) {
    await deleteOrderItems(db, shopId, ids);
    await deleteOrderStatusEvents(db, shopId, ids);
  }
  await insertNewOrderItems(db, writtenList.flatMap((o) => o.items));
  await insertOrderStatusEvents(
    db,
    writtenList.flatMap((o) => (o.timeline ?? []).map((t, i) => ({ shop_id: o.order.shop_id, order_id: o.order.id, seq: i + 1, status: t.status, at: t.at, note: t.note ?? null }))),
  );
  for (const o of writtenList) addBuyerKeys(buyersOf(o.order.shop_id), o.order);
  for (const [shopId, keys] of buyers) await refreshBuyerPurchases(db, shopId, keys);
  return new Set([...written].map((k) => k.split('\u0000')[1]!));
}
