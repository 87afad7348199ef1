import type { OrderStatusValue } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import type { Shop } from '../shops/index.js';
import { addBuyerKeys, emptyBuyerKeys, refreshBuyerPurchases } from './buyer-purchases.repository.js';
import { appendOrderStatusEntry, findOrderForUpdate, updateOrderProgress } from './order-status.repository.js';
import type { Order } from './orders.table.js';

export interface OrderStatusChange {
  status: OrderStatusValue;
  carrier?: string | undefined;
  trackingNumber?: string | undefined;
  /** The day it is expected (YYYY-MM-DD); null clears it, undefined keeps it. */
  expectedOn?: string | null | undefined;
  note?: string | undefined;
  at?: Date | undefined;
  notify: boolean;
}

/** A status change that has just been written, told to listeners inside its transaction. */
export interface OrderStatusChanged {
  shop: Shop;
  /** The order as it was before this change (locked until the transaction ends). */
  order: Order;
  change: OrderStatusChange;
  /** When the change happened, as recorded in the timeline. */
  at: Date;
  /** The change's place in the order's timeline. */
  seq: number;
}

/** What a listener did: whether it told the shopper, and what to run once the change is committed. */
export interface OrderStatusReaction {
  notified: boolean;
  afterCommit?: () => void;
}

/**
 * Reacts to a status change inside its transaction: whatever it writes with
 * `trx` commits or rolls back with the change. The orders domain does not
 * know who listens; the service center registers the shopper's e-mail when
 * the app is wired (see `http/app.ts`).
 */
export type OrderStatusListener = (trx: Db, changed: OrderStatusChanged) => Promise<OrderStatusReaction>;

export type OrderStatusResult = { ok: true; seq: number; notified: boolean } | { ok: false; code: 'order_not_found' };

/**
 * Staff record where an order is: the few fields they enter (status, and
 * carrier and tracking number when it ships) join the order's timeline, and
 * each listener reacts in the same transaction (the service center e-mails
 * the shopper a signed link when `notify` is set).
 * @example await changeOrderStatus(db, shop, '100234', { status: 'shipped', carrier: 'DHL', trackingNumber: 'TRK123', notify: true }, [notifyShopper])
 * // => { ok: true, seq: 4, notified: true }
 */
export async function changeOrderStatus(
  db: Db,
  shop: Shop,
  orderId: string,
  change: OrderStatusChange,
  listeners: readonly OrderStatusListener[] = [],
): Promise<OrderStatusResult> {
  const at = change.at ?? new Date();
  const reactions: OrderStatusReaction[] = [];
  const seq = await db.transaction().execute(async (trx) => {
    const order = await findOrderForUpdate(trx, shop.id, orderId);
    if (!order) return undefined;
    const seq = await appendOrderStatusEntry(trx, shop.id, orderId, { status: change.status, at, note: change.note ?? null });
    await updateOrderProgress(trx, shop.id, orderId, {
      status: change.status,
      ...(change.carrier ? { carrier: change.carrier } : {}),
      ...(change.trackingNumber ? { tracking_number: change.trackingNumber } : {}),
      ...(change.expectedOn !== undefined ? { expected_delivery_on: change.expectedOn } : {}),
      ...(change.status === 'delivered' && !order.delivered_at ? { delivered_at: at } : {}),
    });
    // A cancelled or returned order no longer counts among its buyer's purchases (and counts again if it comes back).
    await refreshBuyerPurchases(trx, shop.id, addBuyerKeys(emptyBuyerKeys(), order));
    for (const listener of listeners) reactions.push(await listener(trx, { shop, order, change, at, seq }));
    return seq;
  });
  if (seq === undefined) return { ok: false, code: 'order_not_found' };
  for (const r of reactions) r.afterCommit?.();
  return { ok: true, seq, notified: reactions.some((r) => r.notified) };
}
