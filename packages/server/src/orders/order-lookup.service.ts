import type { Db } from '../db/database.js';
import * as repo from './order-status.repository.js';
import type { OrderLine, OrderStatusEntry } from './order-status.repository.js';
import { trustedOrderSources, type Order } from './orders.table.js';

export type { OrderLine, OrderStatusEntry };

/**
 * True for an order the shop vouches for (importer, staff); false for one
 * from a tracking event, which anyone with the public write key can send.
 * @example isTrustedOrder({ source: 'event' }) // => false
 */
export function isTrustedOrder(order: Pick<Order, 'source'>): boolean {
  return trustedOrderSources.includes(order.source);
}

/**
 * One order by its number, whatever its source; undefined when the shop has none.
 * @example await findOrderById(db, 'shop_1', '100234') // => { id: '100234', status: 'shipped', source: 'import', ... }
 */
export function findOrderById(db: Db, shopId: string, orderId: string): Promise<Order | undefined> {
  return repo.findOrderById(db, shopId, orderId);
}

/**
 * Every order placed with this e-mail (case-insensitive), newest first, whatever its source.
 * @example await listOrdersByEmail(db, 'shop_1', 'Anna@example.com') // => [{ id: '100234', email: 'anna@example.com', ... }]
 */
export function listOrdersByEmail(db: Db, shopId: string, email: string): Promise<Order[]> {
  return repo.listOrdersByEmail(db, shopId, email);
}

/**
 * The lines of these orders with their products' category, brand and warranty months.
 * @example await listOrderLines(db, 'shop_1', ['100234']) // => [{ orderId: '100234', lineNo: 1, productId: 'p-hp', warrantyMonths: 24, ... }]
 */
export function listOrderLines(db: Db, shopId: string, orderIds: string[]): Promise<OrderLine[]> {
  return repo.listOrderLines(db, shopId, orderIds);
}

/**
 * The timelines of these orders, by order and in sequence.
 * @example await listOrderStatusEntries(db, 'shop_1', ['100234']) // => [{ orderId: '100234', seq: 1, status: 'placed', at, note: null }, ...]
 */
export function listOrderStatusEntries(db: Db, shopId: string, orderIds: string[]): Promise<OrderStatusEntry[]> {
  return repo.listOrderStatusEntries(db, shopId, orderIds);
}
