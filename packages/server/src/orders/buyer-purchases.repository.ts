import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { PurchaseLine } from './order-history.repository.js';
import type { BuyerLine } from './orders.table.js';

/** Lines kept per buyer: a shop's heaviest buyers keep their latest 5,000. */
const LINES_KEPT = 5000;

/** The buyers an order's lines count for: its customer, and the device it was placed from. */
export interface BuyerKeys {
  customers: Set<string>;
  devices: Set<string>;
}

export const emptyBuyerKeys = (): BuyerKeys => ({ customers: new Set(), devices: new Set() });

/** Adds an order's buyers to `keys`. */
export function addBuyerKeys(keys: BuyerKeys, order: { customer_id?: string | null | undefined; anonymous_id?: string | null | undefined }): BuyerKeys {
  if (order.customer_id) keys.customers.add(order.customer_id);
  if (order.anonymous_id) keys.devices.add(order.anonymous_id);
  return keys;
}

/**
 * Rewrites the purchase lines of these buyers from their orders (cancelled and
 * returned ones left out), in the caller's transaction. Recomputing from the
 * orders, rather than patching, keeps the rows right whatever changed.
 * Locks come first, in a fixed order (customers, then devices, each sorted),
 * and the lines are recomputed in a later statement: under read committed that
 * statement starts after any transaction that held one of these rows has
 * committed, so it sees that transaction's orders too (a single
 * insert-on-conflict would write what its own, older snapshot saw).
 * @example await refreshBuyerPurchases(tx, 'shop_1', addBuyerKeys(emptyBuyerKeys(), { customer_id: 'c-1', anonymous_id: 'a-1' }))
 */
export async function refreshBuyerPurchases(db: Db, shopId: string, keys: BuyerKeys): Promise<void> {
  for (const [kind, column, values] of [['customer', 'customer_id', keys.customers], ['device', 'anonymous_id', keys.devices]] as const) {
    const sorted = [...values].sort();
    for (let i = 0; i < sorted.length; i += 2000) {
      const chunk = sorted.slice(i, i + 2000);
      await sql`
        insert into buyer_purchases (shop_id, kind, value)
        select ${shopId}, ${kind}, v from unnest(${chunk}::text[]) as v
        on conflict (shop_id, kind, value) do nothing
      `.execute(db);
      await sql`
        select 1 from buyer_purchases
        where shop_id = ${shopId} and kind = ${kind} and value = any(${chunk}::text[])
        order by value for update
      `.execute(db);
      // One statement per kind, so that each walks its own index of orders.
      await sql`
        update buyer_purchases b set updated_at = now(), lines = coalesce((
          select jsonb_agg(jsonb_build_array(l.order_id, l.line_no, l.product_id, l.quantity, l.unit_price, l.at) order by l.at, l.order_id, l.line_no)
          from (
            select i.order_id, i.line_no, i.product_id, i.quantity, i.unit_price, (extract(epoch from o.placed_at) * 1000)::bigint as at
            from orders o join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
            where o.shop_id = ${shopId} and o.${sql.ref(column)} = b.value and o.status not in ('cancelled', 'returned')
            order by o.placed_at desc, i.order_id, i.line_no
            limit ${LINES_KEPT}
          ) l
        ), '[]'::jsonb)
        where b.shop_id = ${shopId} and b.kind = ${kind} and b.value = any(${chunk}::text[])
      `.execute(db);
    }
  }
}

/**
 * The purchase-line rows of a shopper (their customer row and their device's
 * row): the query, for callers that combine it with others in one round trip;
 * `toPurchaseLines` reads its rows.
 */
export function selectBuyerPurchases(db: Db, shopId: string, who: { customerId?: string | undefined; anonymousId?: string | undefined }) {
  return db
    .selectFrom('buyer_purchases')
    .select('lines')
    .where('shop_id', '=', shopId)
    .where((eb) =>
      eb.or([
        // An empty identity matches nothing (`false`), never everything.
        ...(who.customerId ? [eb.and([eb('kind', '=', 'customer'), eb('value', '=', who.customerId)])] : []),
        ...(who.anonymousId ? [eb.and([eb('kind', '=', 'device'), eb('value', '=', who.anonymousId)])] : []),
        // A literal, not a bound value: Postgres then keeps one generic plan for
        // the prepared query instead of planning it again for every shopper.
        sql<boolean>`false`,
      ]),
    );
}

/**
 * Rows of `selectBuyerPurchases` as one list of lines placed before `until`,
 * oldest first, each line once (an order of a customer placed from their
 * device is in both rows).
 */
export function toPurchaseLines(rows: { lines: BuyerLine[] }[], buyer: string, until: Date): PurchaseLine[] {
  const end = until.getTime();
  const seen = new Set<string>();
  const out: PurchaseLine[] = [];
  for (const row of rows) {
    for (const [orderId, lineNo, productId, quantity, unitPrice, at] of row.lines) {
      if (at >= end) continue;
      const key = `${orderId}\u0000${lineNo}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ orderId, buyer, placedAt: new Date(at), productId, quantity, unitPrice: Number(unitPrice) });
    }
  }
  if (rows.length > 1) out.sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime() || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
  return out;
}
