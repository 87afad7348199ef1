import type { Db } from '../db/database.js';
import type { IncomingOrder } from '../orders/index.js';
import { identifierHash } from './identifiers.js';
import type { IdentifierKind } from './privacy.table.js';
import { findSalt, findSuppressedHashes } from './suppression.repository.js';

/**
 * Orders as they may be stored: one that carries an erased customer's
 * identifier (customer id, device, e-mail or phone) keeps its lines, total
 * and country for the merchant's books and loses the person, as erasure
 * would have left it; `suppressed` names those orders, whose customers the
 * caller must not create or count in a profile. One query per call, none for
 * a shop that never erased anyone. Importers and webhook workers call it
 * before `recordOrders`.
 * @example const { orders, suppressed } = await withoutSuppressedPeople(tx, 'shop_1', incoming)
 */
export async function withoutSuppressedPeople(db: Db, shopId: string, orders: IncomingOrder[]): Promise<{ orders: IncomingOrder[]; suppressed: Set<string> }> {
  const suppressed = new Set<string>();
  if (orders.length === 0) return { orders, suppressed };
  const salt = await findSalt(db, shopId);
  if (!salt) return { orders, suppressed };
  const hashesOf = (o: IncomingOrder) => {
    const ids: [IdentifierKind, string | null | undefined][] = [
      ['user', o.order.customer_id],
      ['anonymous', o.order.anonymous_id],
      ['email', o.order.email],
      ['phone', o.order.shipping_address?.phone],
    ];
    return ids.filter((x): x is [IdentifierKind, string] => !!x[1]).map(([kind, v]) => identifierHash(salt, kind, v));
  };
  const found = await findSuppressedHashes(db, shopId, orders.flatMap(hashesOf));
  if (found.size === 0) return { orders, suppressed };
  return {
    suppressed,
    orders: orders.map((o) => {
      if (!hashesOf(o).some((h) => found.has(h.toString('hex')))) return o;
      suppressed.add(o.order.id);
      const country = o.order.shipping_address?.country;
      return {
        ...o,
        order: { ...o.order, customer_id: null, anonymous_id: null, email: null, tracking_number: null, shipping_address: country ? { country } : null },
        timeline: o.timeline?.map((t) => ({ ...t, note: null })),
      };
    }),
  };
}
