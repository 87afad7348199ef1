// The public surface of orders/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { selectBuyerPurchases, toPurchaseLines } from './buyer-purchases.repository.js';
export { anonymizeOrders, exportOrders, findOrdersOf } from './order-erasure.repository.js';
export { findOrderRecipients, findPurchaseLinesOfShoppers, listPurchaseLines } from './order-history.repository.js';
export type { PurchaseLine } from './order-history.repository.js';
export { orderStatuses } from './orders.table.js';
export type { BuyerLine, NewOrder, NewOrderItem, NewOrderStatusEvent, Order, OrderStatus, ShippingAddress } from './orders.table.js';
export { listCustomerOrders } from './order-history.service.js';
export type { CustomerOrder } from './order-history.service.js';
export { findOrderById, isTrustedOrder, listOrderLines, listOrderStatusEntries, listOrdersByEmail } from './order-lookup.service.js';
export type { OrderLine, OrderStatusEntry } from './order-lookup.service.js';
export { orderStatusRoutes } from './order-status.routes.js';
export type { OrderStatusChanged, OrderStatusListener, OrderStatusReaction } from './order-status.service.js';
export { analyzeOrderTables, orderFromEvent, recordOrders } from './orders.service.js';
export type { IncomingOrder } from './orders.service.js';
