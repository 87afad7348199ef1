import type { Db } from '../db/database.js';
import { listOrderItems, listOrdersOfCustomer } from './order-history.repository.js';
import { isTrustedOrder } from './order-lookup.service.js';
import type { OrderStatus } from './orders.table.js';

/** One order of a customer with its lines, as the admin panel shows it. */
export interface CustomerOrder {
  id: string;
  status: OrderStatus;
  placedAt: Date;
  total: number;
  currency: string;
  deliveryMethod: string | null;
  paymentType: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  /**
   * False for an order only a storefront event reported (unsigned: anyone with
   * the write key can send one); it is not counted in the profile's orders and
   * revenue until the shop's importer or webhooks bring it (docs/profiles.md).
   */
  verified: boolean;
  items: { productId: string; name: string; quantity: number; unitPrice: number; serialNumbers: string[] }[];
}

/**
 * A customer's orders (by customer id, whatever their source), newest first,
 * with their lines.
 * @example await listCustomerOrders(db, 'shop_1', 'c-00042')
 * // => [{ id: '100234', status: 'shipped', total: 49.9, verified: true, items: [{ productId: 'p-kettle', quantity: 1, unitPrice: 49.9, ... }], ... }]
 */
export async function listCustomerOrders(db: Db, shopId: string, customerId: string, limit = 100): Promise<CustomerOrder[]> {
  const orders = await listOrdersOfCustomer(db, shopId, customerId, limit);
  if (orders.length === 0) return [];
  const items = await listOrderItems(db, shopId, orders.map((o) => o.id));
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
    verified: isTrustedOrder(o),
    items: items
      .filter((i) => i.order_id === o.id)
      .map((i) => ({ productId: i.product_id, name: i.name, quantity: i.quantity, unitPrice: Number(i.unit_price), serialNumbers: i.serial_numbers })),
  }));
}
