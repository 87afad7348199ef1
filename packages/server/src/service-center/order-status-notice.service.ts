import type { Db } from '../db/database.js';
import { isTrustedOrder, type OrderStatusChanged, type OrderStatusListener, type OrderStatusReaction } from '../orders/index.js';
import { enqueueMessage, signalOutbox } from '../outbox/index.js';
import { orderStatusLabels } from './message-templates.js';
import type { PublicOrigin } from './public-origin.js';
import { composeMessage, loadServiceSettings, serviceLinkFor } from './service-messages.js';

/**
 * The shopper's e-mail when staff move an order along, as a listener of the
 * orders domain's status changes (registered in `http/app.ts`). The message
 * is queued in the change's own transaction, so it goes out only if the
 * change is committed; the outbox is woken after the commit. It carries a
 * signed link to the service center, based on this server's public origin
 * when the shop has not set its own service page.
 * @example orderStatusRoutes(db, { listeners: [orderStatusNotifier(() => 'https://shop.example')] })
 */
export function orderStatusNotifier(publicOrigin: PublicOrigin): OrderStatusListener {
  return function notifyShopperOfOrderStatus(trx: Db, changed: OrderStatusChanged) {
    return notifyShopper(trx, changed, publicOrigin());
  };
}

async function notifyShopper(trx: Db, { shop, order, change }: OrderStatusChanged, linkBase: string): Promise<OrderStatusReaction> {
  // An order stored from a tracking event carries whatever e-mail its sender
  // typed: mailing it would let anyone with the public write key make the shop
  // write to a stranger. Only the shop's own orders are mailed about.
  if (!change.notify || !order.email || !isTrustedOrder(order)) return { notified: false };
  const settings = await loadServiceSettings(trx, shop.id);
  const message = await composeMessage(trx, shop.id, 'order_status', 'en', {
    shopName: shop.name,
    orderId: order.id,
    customerName: order.shipping_address?.name,
    status: orderStatusLabels.en[change.status],
    carrier: change.carrier ?? order.carrier,
    trackingNumber: change.trackingNumber ?? order.tracking_number,
    // The day as entered (YYYY-MM-DD); a shop's own template may name it.
    expectedOn: (change.expectedOn === undefined ? order.expected_delivery_on : change.expectedOn) ?? '',
    note: change.note ?? '',
    link: serviceLinkFor(shop, settings, linkBase, order.email),
  });
  await enqueueMessage(trx, { shopId: shop.id, kind: 'order_status', to: order.email.toLowerCase(), from: settings.mailFrom, subject: message.subject, text: message.text, ref: `order:${order.id}` });
  return { notified: true, afterCommit: signalOutbox };
}
