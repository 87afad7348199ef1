import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const orderStatuses = [
  'placed',
  'paid',
  'packed',
  'shipped',
  'out_for_delivery',
  'delivered',
  'cancelled',
  'returned',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * Where an order came from: 'event' from a public tracking event (anyone with
 * the write key can send one), 'import' from the shop's importer or the demo
 * seed, 'admin' from staff, 'shopify' from the shop's signed Shopify webhooks.
 * Only trusted sources prove identity.
 */
export const orderSources = ['event', 'import', 'admin', 'shopify'] as const;
export type OrderSource = (typeof orderSources)[number];
export const trustedOrderSources: readonly OrderSource[] = ['import', 'admin', 'shopify'];

export interface ShippingAddress {
  name?: string;
  line1?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  phone?: string;
}

export interface OrdersTable {
  shop_id: string;
  /** The order number the shopper sees. */
  id: string;
  customer_id: string | null;
  anonymous_id: string | null;
  email: string | null;
  status: OrderStatus;
  placed_at: Date;
  total: number;
  currency: string;
  delivery_method: string | null;
  payment_type: string | null;
  shipping_address: ShippingAddress | null;
  carrier: string | null;
  tracking_number: string | null;
  delivered_at: Date | null;
  /** The day staff expect it to arrive (YYYY-MM-DD), set with its delivery status. */
  expected_delivery_on: ColumnType<string | null, string | null | undefined, string | null>;
  /** Defaults to the untrusted 'event' when an insert leaves it out. */
  source: ColumnType<OrderSource, OrderSource | undefined, OrderSource>;
  /**
   * When the source last changed the order (Shopify's `updated_at`), for a
   * source that sends new versions of an order; null for the others. A newer
   * version from the same source replaces the stored one (see recordOrders).
   */
  updated_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}
export type Order = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;

export interface OrderItemsTable {
  shop_id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  name: string;
  quantity: number;
  unit_price: number;
  serial_numbers: string[];
}
export type NewOrderItem = Insertable<OrderItemsTable>;

export interface OrderStatusEventsTable {
  shop_id: string;
  order_id: string;
  seq: number;
  status: OrderStatus;
  at: Date;
  note: string | null;
}
export type NewOrderStatusEvent = Insertable<OrderStatusEventsTable>;

/** One purchase line as a buyer's row keeps it: order, line, product, quantity, unit price, placed at (epoch ms). */
export type BuyerLine = [orderId: string, lineNo: number, productId: string, quantity: number, unitPrice: number, placedAt: number];

/** A buyer's purchase lines (latest 5,000, oldest first), rewritten whenever their orders change. */
export interface BuyerPurchasesTable {
  shop_id: string;
  /** `customer`: orders with this customer id; `device`: orders placed from this anonymous id. */
  kind: 'customer' | 'device';
  value: string;
  lines: ColumnType<BuyerLine[], string, string>;
  updated_at: Generated<Date>;
}
