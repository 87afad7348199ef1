import type { ServiceOrderSummary, ServiceSession } from '@vitrina/protocol';
import { listCustomerContactsByIds } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { signServiceToken, listShopperOrders } from '../service-center/index.js';
import type { Shop } from '../shops/index.js';

/** What the storefront's service page gets through the app proxy. */
export type ProxyServiceAnswer =
  | { signedIn: true; session: ServiceSession; orders: ServiceOrderSummary[] }
  /** Logged in, but Vitrina holds no e-mail for that customer yet (no order has come in). */
  | { signedIn: true; session: null; orders: [] }
  | { signedIn: false; signIn: { method: 'order_number'; lookupUrl: string; writeKey: string } };

/**
 * The service center for a storefront visitor, as Shopify's signed app proxy
 * names them: a logged-in customer (`logged_in_customer_id`) gets a token for
 * their own orders, the same token the widget gets from an order lookup, and
 * those orders. The token's grant is their e-mail from the shop's customer
 * record, at the `verified` level (Shopify has signed in the account that owns
 * it), and `listShopperOrders` scopes it as it does for the widget. Anyone
 * else is sent to the order-number sign-in.
 * @example await proxyServiceAnswer(db, shop, '7001', 'https://vitrina.example')
 * // => { signedIn: true, session: { token: '...', level: 'verified', ... }, orders: [{ id: '1001', status: 'shipped', ... }] }
 */
export async function proxyServiceAnswer(db: Db, shop: Shop, loggedInCustomerId: string | undefined, publicOrigin: string): Promise<ProxyServiceAnswer> {
  if (!loggedInCustomerId) {
    return { signedIn: false, signIn: { method: 'order_number', lookupUrl: `${publicOrigin}/v1/service/lookup`, writeKey: shop.write_key } };
  }
  const [record] = await listCustomerContactsByIds(db, shop.id, [loggedInCustomerId]);
  const email = record?.email?.trim().toLowerCase();
  if (!email) return { signedIn: true, session: null, orders: [] };
  const { token, exp } = signServiceToken(shop, { email, level: 'verified' });
  const session: ServiceSession = { token, expiresAt: new Date(exp * 1000).toISOString(), level: 'verified', ...(record?.first_name ? { firstName: record.first_name } : {}) };
  const orders = await listShopperOrders(db, { shopId: shop.id, email, level: 'verified', exp });
  return { signedIn: true, session, orders };
}
