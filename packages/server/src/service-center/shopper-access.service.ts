import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceSession } from '@vitrina/protocol';
import type { Db } from '../db/database.js';
import { findOrderById, isTrustedOrder } from '../orders/index.js';
import type { Shop } from '../shops/index.js';
import { reserveLookup, reserveVerification } from './lookup-limits.js';
import { normalizePostalCode } from './postal-centroids.js';
import { signServiceToken, verifyServiceLink } from './service-token.js';

export type LookupResult =
  | { ok: true; session: ServiceSession }
  | { ok: false; code: 'order_not_found' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

export interface LookupInput {
  orderNumber: string;
  email?: string | undefined;
  postalCode?: string | undefined;
}

// Compared as keyed digests: equal length whatever was typed, and the key is
// new at every start, so the digests mean nothing outside this process.
const compareKey = randomBytes(32);
const digest = (s: string) => createHmac('sha256', compareKey).update(s).digest();
const UNMATCHABLE = randomBytes(32).toString('hex');

const normalizeEmail = (e: string) => e.trim().toLowerCase();

/**
 * Verifies a shopper by order number plus the order's e-mail or postal code,
 * for orders from a trusted source only (importer, staff; not tracking events).
 * A missing order and a wrong e-mail take the same path (the comparison runs
 * against a value nothing matches) and give the same answer, and count the
 * same: every lookup against the client address's limit, every failure
 * against the order number's from that address (see lookup-limits.ts).
 * @example await lookupOrder(db, shop, { orderNumber: '100234', email: 'anna.schmidt.1@example.com' }, '203.0.113.9')
 * // => { ok: true, session: { token: '...', level: 'customer', orderId: '100234', expiresAt: '...' } }
 */
export async function lookupOrder(db: Db, shop: Pick<Shop, 'id' | 'signing_secret'>, input: LookupInput, ip: string): Promise<LookupResult> {
  const byIp = await reserveLookup(db, shop.id, ip);
  if (!byIp.ok) return { ok: false, code: 'rate_limited', retryAfterSeconds: byIp.retryAfterSeconds };
  const orderNumber = input.orderNumber.trim().replace(/^#/, '');
  const byOrder = await reserveVerification(db, shop.id, orderNumber.toLowerCase(), ip);
  if (!byOrder.ok) return { ok: false, code: 'rate_limited', retryAfterSeconds: byOrder.retryAfterSeconds };

  // Only an order the shop vouches for proves who the shopper is: anyone with
  // the public write key can send an `Order Completed` event with any e-mail.
  // An event order takes the same path as a missing one.
  const found = await findOrderById(db, shop.id, orderNumber);
  const order = found && isTrustedOrder(found) ? found : undefined;
  const orderEmail = order?.email ? normalizeEmail(order.email) : undefined;
  const orderPostal = order?.shipping_address?.postalCode ? normalizePostalCode(order.shipping_address.postalCode) : undefined;
  const [expected, given] = input.email
    ? [orderEmail, normalizeEmail(input.email)]
    : [orderPostal, normalizePostalCode(input.postalCode ?? '')];
  const matches = timingSafeEqual(digest(expected ?? UNMATCHABLE), digest(given)) && expected !== undefined;

  if (!matches || !order || !orderEmail) return { ok: false, code: 'order_not_found' };
  await byOrder.release();
  // A postal code is a weaker proof than an e-mail: it opens this one order only.
  const level = input.email ? 'customer' : 'order';
  const { token, exp } = signServiceToken(shop, { email: orderEmail, level, ...(level === 'order' ? { orderId: order.id } : {}) });
  return { ok: true, session: { token, expiresAt: new Date(exp * 1000).toISOString(), level, orderId: order.id } };
}

/**
 * Exchanges the signed link of a notification e-mail for a session at the
 * `verified` level (whoever holds the link reads that mailbox).
 */
export function openSessionFromLink(shop: Pick<Shop, 'id' | 'signing_secret'>, link: string): ServiceSession | undefined {
  const grant = verifyServiceLink(shop, link);
  if (!grant) return undefined;
  const { token, exp } = signServiceToken(shop, { email: grant.email, level: 'verified' });
  return { token, expiresAt: new Date(exp * 1000).toISOString(), level: 'verified' };
}
