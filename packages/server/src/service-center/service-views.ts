import type { AccessLevel, ClaimView, ServiceOrder, ServiceOrderSummary, ServicePointView } from '@vitrina/protocol';
import type { OrderLine, OrderStatusEntry, Order } from '../orders/index.js';
import type { ServicePoint } from '../service-points/index.js';
import type { ClaimRow } from './claims.repository.js';
import type { ServiceClaimEvent } from './service-center.table.js';
import { computeWarranty } from './warranty.js';

export function toOrderSummary(order: Order, lines: OrderLine[]): ServiceOrderSummary {
  return {
    id: order.id,
    status: order.status,
    placedAt: order.placed_at.toISOString(),
    total: Number(order.total),
    currency: order.currency,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    firstItem: lines[0]?.name ?? '',
  };
}

/**
 * An order as the shopper sees it. Before full verification only the minimum
 * leaves the server: status, items, carrier, dates, warranty; the delivery
 * address only at the `verified` level; phone and payment never.
 */
export function toServiceOrder(
  order: Order,
  lines: OrderLine[],
  timeline: OrderStatusEntry[],
  level: AccessLevel,
  warrantyStartsAt: 'delivery' | 'purchase',
  now = new Date(),
): ServiceOrder {
  const a = order.shipping_address;
  return {
    ...toOrderSummary(order, lines),
    carrier: order.carrier,
    trackingNumber: order.tracking_number,
    deliveredAt: order.delivered_at ? order.delivered_at.toISOString() : null,
    ...(order.expected_delivery_on && !order.delivered_at ? { expectedOn: order.expected_delivery_on } : {}),
    items: lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      name: l.name,
      category: l.category,
      brand: l.brand,
      quantity: l.quantity,
      serialNumbers: l.serialNumbers,
      warranty: computeWarranty({ months: l.warrantyMonths, status: order.status, placedAt: order.placed_at, deliveredAt: order.delivered_at }, warrantyStartsAt, now),
    })),
    timeline: timeline.map((t) => ({ status: t.status, at: t.at.toISOString(), note: t.note })),
    ...(level === 'verified' && a ? { shippingAddress: { name: a.name, line1: a.line1, city: a.city, postalCode: a.postalCode, country: a.country } } : {}),
  };
}

// Six decimals is about 10 cm: enough, and no float noise in links.
const deg = (x: number) => Math.round(x * 1e6) / 1e6;

export function mapUrlFor(p: { lat: number; lon: number }): string {
  const [lat, lon] = [deg(p.lat), deg(p.lon)];
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=16/${lat}/${lon}`;
}

export function toServicePointView(p: ServicePoint, distanceKm: number | null): ServicePointView {
  return { id: p.id, name: p.name, address: p.address, city: p.city, postalCode: p.postal_code, hours: p.hours, lat: deg(p.lat), lon: deg(p.lon), distanceKm, mapUrl: mapUrlFor(p) };
}

export function toClaimView(claim: ClaimRow, events: ServiceClaimEvent[], point: ServicePoint | undefined): ClaimView {
  return {
    id: claim.id,
    orderId: claim.order_id,
    lineNo: claim.line_no,
    productName: claim.product_name,
    serialNumber: claim.serial_number,
    problem: claim.problem,
    status: claim.status,
    createdAt: claim.created_at.toISOString(),
    point: point ? toServicePointView(point, claim.distance_km) : null,
    history: events.filter((e) => e.claim_id === claim.id).map((e) => ({ status: e.status, at: e.at.toISOString(), note: e.note })),
  };
}
