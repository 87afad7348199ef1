import type { OrderStatusValue } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { enqueueMessage, signalOutbox } from '../outbox/outbox.service.js';
import { orderStatusLabels } from '../service-center/message-templates.js';
import { composeMessage, loadServiceSettings, serviceLinkFor } from '../service-center/service-messages.js';
import type { Shop } from '../shops/shops.table.js';
import { appendOrderStatusEntry, findOrderForUpdate, updateOrderProgress } from './order-status.repository.js';

export interface OrderStatusChange {
  status: OrderStatusValue;
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  note?: string | undefined;
  at?: Date | undefined;
  notify: boolean;
}

export type OrderStatusResult = { ok: true; seq: number; notified: boolean } | { ok: false; code: 'order_not_found' };

/**
 * Staff record where an order is: the few fields they enter (status, and
 * carrier and tracking number when it ships) join the order's timeline, and
 * the shopper is told by e-mail with a signed link to the service center.
 * @example await changeOrderStatus(db, shop, '100234', { status: 'shipped', carrier: 'DHL', trackingNumber: 'TRK123', notify: true }, base)
 * // => { ok: true, seq: 4, notified: true }
 */
export async function changeOrderStatus(db: Db, shop: Shop, orderId: string, change: OrderStatusChange, linkBase: string): Promise<OrderStatusResult> {
  const settings = await loadServiceSettings(db, shop.id);
  const at = change.at ?? new Date();
  let notified = false;
  const seq = await db.transaction().execute(async (trx) => {
    const order = await findOrderForUpdate(trx, shop.id, orderId);
    if (!order) return undefined;
    const seq = await appendOrderStatusEntry(trx, shop.id, orderId, { status: change.status, at, note: change.note ?? null });
    await updateOrderProgress(trx, shop.id, orderId, {
      status: change.status,
      ...(change.carrier ? { carrier: change.carrier } : {}),
      ...(change.trackingNumber ? { tracking_number: change.trackingNumber } : {}),
      ...(change.status === 'delivered' && !order.delivered_at ? { delivered_at: at } : {}),
    });
    if (change.notify && order.email) {
      const message = await composeMessage(trx, shop.id, 'order_status', 'en', {
        shopName: shop.name,
        orderId,
        customerName: order.shipping_address?.name,
        status: orderStatusLabels.en[change.status],
        carrier: change.carrier ?? order.carrier,
        trackingNumber: change.trackingNumber ?? order.tracking_number,
        note: change.note ?? '',
        link: serviceLinkFor(shop, settings, linkBase, order.email),
      });
      await enqueueMessage(trx, { shopId: shop.id, kind: 'order_status', to: order.email.toLowerCase(), from: settings.mailFrom, subject: message.subject, text: message.text, ref: `order:${orderId}` });
      notified = true;
    }
    return seq;
  });
  if (seq === undefined) return { ok: false, code: 'order_not_found' };
  if (notified) signalOutbox();
  return { ok: true, seq, notified };
}
