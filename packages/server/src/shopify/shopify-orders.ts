import type { IncomingOrder, NewOrderItem, OrderStatus, ShippingAddress } from '../orders/index.js';
import type { ShopifyAddress, ShopifyOrderPayload } from './shopify-payloads.js';

const MAX_MONEY = 1e10;
const money = (n: number) => Math.round(n * 100) / 100;
const clip = (s: string | null | undefined, n: number) => (s && s.trim() ? s.trim().slice(0, n) : undefined);

/**
 * The order number the shopper sees and types into the service center: the
 * order's name without its `#` (`#1001` → `1001`), else its order number,
 * else Shopify's id.
 * @example shopifyOrderNumber({ id: '5123', name: '#1001', order_number: 1001 }) // => '1001'
 */
export function shopifyOrderNumber(o: Pick<ShopifyOrderPayload, 'id' | 'name' | 'order_number'>): string {
  return (clip(o.name, 200)?.replace(/^#/, '') || (o.order_number != null ? String(o.order_number) : undefined) || o.id).slice(0, 200);
}

/**
 * Where an order stands, from the payload: cancelled when cancelled; else
 * delivered, out for delivery or shipped from its fulfillments (Shopify's
 * shipment_status, fulfillment_status); else paid once the payment is captured
 * (refunds do not move it: a refund is not a return); else placed.
 * The timeline holds each step reached, at the time Shopify gives for it.
 */
export function shopifyOrderProgress(o: ShopifyOrderPayload): { status: OrderStatus; timeline: { status: OrderStatus; at: Date }[]; deliveredAt: Date | null } {
  const timeline: { status: OrderStatus; at: Date }[] = [{ status: 'placed', at: o.created_at }];
  const paid = ['paid', 'partially_refunded', 'refunded'].includes(o.financial_status ?? '');
  if (paid) timeline.push({ status: 'paid', at: o.processed_at ?? o.created_at });
  const live = o.fulfillments.filter((f) => f.status !== 'cancelled' && f.status !== 'failure' && f.status !== 'error');
  const shippedAt = live.map((f) => f.created_at).filter((d): d is Date => !!d).sort((a, b) => +a - +b)[0];
  const fulfilled = live.length > 0 || o.fulfillment_status === 'fulfilled' || o.fulfillment_status === 'partial';
  if (fulfilled) timeline.push({ status: 'shipped', at: shippedAt ?? o.updated_at });
  const delivered = live.find((f) => f.shipment_status === 'delivered');
  const outForDelivery = live.find((f) => f.shipment_status === 'out_for_delivery');
  if (outForDelivery && !delivered) timeline.push({ status: 'out_for_delivery', at: outForDelivery.updated_at ?? o.updated_at });
  if (delivered) timeline.push({ status: 'delivered', at: delivered.updated_at ?? o.updated_at });
  if (o.cancelled_at) timeline.push({ status: 'cancelled', at: o.cancelled_at });
  return { status: timeline[timeline.length - 1]!.status, timeline, deliveredAt: delivered ? (delivered.updated_at ?? o.updated_at) : null };
}

function toAddress(a: ShopifyAddress | null | undefined): ShippingAddress | null {
  if (!a) return null;
  const out: ShippingAddress = {};
  const name = clip(a.name, 200) ?? clip([a.first_name, a.last_name].filter(Boolean).join(' '), 200);
  const line1 = clip([a.address1, a.address2].filter((s) => s && s.trim()).join(', '), 500);
  const city = clip(a.city, 200);
  const postalCode = clip(a.zip, 40);
  const country = clip(a.country_code, 2)?.toUpperCase();
  const phone = clip(a.phone, 60);
  if (name) out.name = name;
  if (line1) out.line1 = line1;
  if (city) out.city = city;
  if (postalCode) out.postalCode = postalCode;
  if (country) out.country = country;
  if (phone) out.phone = phone;
  return Object.keys(out).length ? out : null;
}

/** What an order payload gives the orders, profiles and customers slices. */
export interface ShopifyOrder {
  /** Shopify's own id (`5123456789`), for later references to the order. */
  shopifyId: string;
  incoming: IncomingOrder;
  customer: { id: string; email: string | null; firstName: string | null; lastName: string | null } | null;
}

export type ShopifyOrderMapping = { ok: true; order: ShopifyOrder } | { ok: false; reason: string };

/**
 * Maps an `orders/*` payload to our order: the number the shopper sees, the
 * customer's id and e-mail, the shipping address, lines by Shopify's product
 * id (a custom line without one by its SKU or line id), the status and its
 * timeline, the carrier and tracking number of the latest fulfillment, and
 * Shopify's `updated_at` as the version. Source 'shopify'.
 * @example shopifyOrderFrom('shop_1', payload) // => { ok: true, order: { shopifyId: '5123', incoming: { order: { id: '1001', status: 'paid', ... }, items: [...] } } }
 */
export function shopifyOrderFrom(shopId: string, o: ShopifyOrderPayload): ShopifyOrderMapping {
  const id = shopifyOrderNumber(o);
  const items: NewOrderItem[] = [];
  for (const line of o.line_items) {
    if (line.quantity <= 0) continue; // a line removed by an edit
    const unitPrice = money(line.price);
    if (Math.abs(unitPrice) >= MAX_MONEY || line.quantity > 2_147_483_647) return { ok: false, reason: `line ${line.id} does not fit` };
    items.push({
      shop_id: shopId,
      order_id: id,
      line_no: items.length + 1,
      product_id: (line.product_id ?? clip(line.sku, 200) ?? `line-${line.id}`).slice(0, 200),
      name: (clip(line.title, 500) ?? clip(line.name, 500) ?? 'Item').slice(0, 500),
      quantity: line.quantity,
      unit_price: unitPrice,
      serial_numbers: [],
    });
  }
  const total = money(o.total_price ?? items.reduce((s, i) => s + Number(i.unit_price) * Number(i.quantity), 0));
  if (Math.abs(total) >= MAX_MONEY) return { ok: false, reason: 'the total does not fit' };
  const progress = shopifyOrderProgress(o);
  const email = (clip(o.email, 320) ?? clip(o.contact_email, 320) ?? clip(o.customer?.email, 320))?.toLowerCase() ?? null;
  const tracked = [...o.fulfillments].reverse().find((f) => f.tracking_number);
  const shippingAddress = toAddress(o.shipping_address);
  return {
    ok: true,
    order: {
      shopifyId: o.id,
      customer: o.customer ? { id: o.customer.id, email: clip(o.customer.email, 320)?.toLowerCase() ?? email, firstName: clip(o.customer.first_name, 200) ?? null, lastName: clip(o.customer.last_name, 200) ?? null } : null,
      incoming: {
        order: {
          shop_id: shopId,
          id,
          customer_id: o.customer?.id ?? null,
          anonymous_id: null,
          email,
          status: progress.status,
          placed_at: o.created_at,
          total,
          currency: (clip(o.currency, 3) ?? 'USD').toUpperCase(),
          delivery_method: clip(o.shipping_lines[0]?.title, 200) ?? null,
          payment_type: clip(o.payment_gateway_names[0], 200) ?? null,
          shipping_address: shippingAddress,
          carrier: clip(tracked?.tracking_company, 200) ?? null,
          tracking_number: clip(tracked?.tracking_number, 200) ?? null,
          delivered_at: progress.deliveredAt,
          source: 'shopify',
          updated_at: o.updated_at,
        },
        items,
        timeline: progress.timeline,
      },
    },
  };
}
