import { findCustomerByEmail } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { listOrderLines, listOrdersByEmail, listOrderStatusEntries } from '../orders/index.js';
import { listClaimsByEmail } from './claims.repository.js';
import { toClaimViews } from './claims.service.js';
import { loadServiceSettings } from './service-messages.js';
import { toServiceOrder } from './service-views.js';

/**
 * Everything the shop knows of a customer, found by e-mail: who they are,
 * every purchase with its serial numbers, warranty and timeline, every claim
 * with its history. What staff see when a customer writes in.
 * @example await findCustomerRelationship(db, 'demo', 'anna.schmidt.1@example.com')
 * // => { email, customer: { id: 'c-00001', name: 'Anna Schmidt', city: 'Berlin', ... }, orders: [...], claims: [...] }
 */
export async function findCustomerRelationship(db: Db, shopId: string, email: string) {
  const normalized = email.trim().toLowerCase();
  const customer = await findCustomerByEmail(db, shopId, normalized);
  const orders = await listOrdersByEmail(db, shopId, normalized);
  if (!customer && orders.length === 0) return undefined;
  const ids = orders.map((o) => o.id);
  const [lines, timeline, settings, claims] = await Promise.all([
    listOrderLines(db, shopId, ids),
    listOrderStatusEntries(db, shopId, ids),
    loadServiceSettings(db, shopId),
    listClaimsByEmail(db, shopId, normalized),
  ]);
  return {
    email: normalized,
    customer: customer
      ? {
          id: customer.id,
          name: [customer.first_name, customer.last_name].filter(Boolean).join(' '),
          region: customer.region,
          city: customer.city,
          postalCode: customer.postal_code,
          address: customer.address,
          since: customer.created_at.toISOString(),
        }
      : null,
    orders: orders.map((o) => ({
      ...toServiceOrder(o, lines.filter((l) => l.orderId === o.id), timeline.filter((t) => t.orderId === o.id), 'verified', settings.warrantyStartsAt),
      deliveryMethod: o.delivery_method,
      paymentType: o.payment_type,
    })),
    serialNumbers: lines.flatMap((l) => l.serialNumbers.map((serial) => ({ serial, orderId: l.orderId, lineNo: l.lineNo, productName: l.name }))),
    claims: await toClaimViews(db, shopId, claims),
  };
}
