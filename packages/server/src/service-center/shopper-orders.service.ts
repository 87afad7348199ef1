import type { ServiceOrder, ServiceOrderSummary } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { findOrderById, isTrustedOrder, listOrderLines, listOrdersByEmail, listOrderStatusEntries, type Order } from '../orders/index.js';
import { loadServiceSettings } from './service-messages.js';
import type { ServiceGrant } from './service-token.js';
import { toOrderSummary, toServiceOrder } from './service-views.js';

/** True when the grant covers this order: a trusted order, same e-mail, and the one order of an `order`-level grant. */
export function grantCoversOrder(grant: ServiceGrant, order: Order | undefined): order is Order {
  // Orders from tracking events carry whatever e-mail their sender typed:
  // shown to a shopper, they would let anyone put orders (and warranty claims
  // on products never bought) into a customer's service center.
  if (!order || !isTrustedOrder(order) || !order.email || order.email.toLowerCase() !== grant.email) return false;
  return grant.level !== 'order' || grant.orderId === order.id;
}

/**
 * The order if the grant covers it, else undefined: an order of another
 * shop, of another customer, or of nobody all look the same.
 */
export async function findGrantedOrder(db: Db, grant: ServiceGrant, orderId: string): Promise<Order | undefined> {
  const order = await findOrderById(db, grant.shopId, orderId);
  return grantCoversOrder(grant, order) ? order : undefined;
}

/** The shopper's orders (trusted sources only), newest first. */
export async function listShopperOrders(db: Db, grant: ServiceGrant): Promise<ServiceOrderSummary[]> {
  const orders =
    grant.level === 'order'
      ? [await findGrantedOrder(db, grant, grant.orderId ?? '')].filter((o): o is Order => !!o)
      : (await listOrdersByEmail(db, grant.shopId, grant.email)).filter(isTrustedOrder);
  const lines = await listOrderLines(db, grant.shopId, orders.map((o) => o.id));
  return orders.map((o) => toOrderSummary(o, lines.filter((l) => l.orderId === o.id)));
}

/** One order with its items, warranty and timeline, or undefined when the grant does not cover it. */
export async function getShopperOrder(db: Db, grant: ServiceGrant, orderId: string): Promise<ServiceOrder | undefined> {
  const order = await findGrantedOrder(db, grant, orderId);
  if (!order) return undefined;
  const [lines, timeline, settings] = await Promise.all([
    listOrderLines(db, grant.shopId, [order.id]),
    listOrderStatusEntries(db, grant.shopId, [order.id]),
    loadServiceSettings(db, grant.shopId),
  ]);
  return toServiceOrder(order, lines, timeline, grant.level, settings.warrantyStartsAt);
}
