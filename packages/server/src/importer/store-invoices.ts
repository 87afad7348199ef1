import { type NewProduct, upsertProducts } from '../catalog/index.js';
import { insertMissingCustomers } from '../customers/index.js';
import type { Db } from '../db/database.js';
import { analyzeOrderTables, recordOrders, type IncomingOrder } from '../orders/index.js';
import { withoutSuppressedPeople } from '../privacy/index.js';
import { recordOrdersInProfiles } from '../profiles/index.js';
import type { ImportOrdersSummary, Line } from './import-orders.js';

/** Counters of the summary that storing the invoices moves. */
type StoreCounts = Pick<ImportOrdersSummary, 'importedLines' | 'orders' | 'guestOrders' | 'suppressedOrders' | 'guestLines' | 'customers' | 'profileOrders'>;

/**
 * Stores parsed invoices (each one's lines) with their products, customers
 * and profile effects, and moves the summary's counters. Returns how many
 * distinct products the invoices name.
 *
 * How it goes fast without deadlocks: the products go first, all of them, in
 * transactions of their own (every invoice may name any product). The orders
 * then go in `lanes` transactions at a time, each lane holding the invoices of
 * its own customers (by a hash of the customer id; guest invoices by their
 * number), so that no two lanes ever lock one profile, customer, order or
 * purchase row; Postgres works on each lane with a core of its own. The very
 * first transaction is small and the order tables' statistics are refreshed
 * after it (see analyzeOrderTables), and again at the end.
 */
export async function storeInvoices(
  db: Db,
  shopId: string,
  invoices: Line[][],
  opts: { currency: string; chunk: number; lanes: number; onStored?: (invoicesStored: number) => void },
  counts: StoreCounts,
): Promise<number> {
  let stored = 0;
  const storeAndTell = async (part: Line[][]) => {
    await storeChunk(db, shopId, part, opts.currency, counts);
    stored += part.length;
    opts.onStored?.(stored);
  };
  const products = new Map<string, NewProduct>();
  for (const lines of invoices) for (const l of lines) products.set(l.code, productFromLine(shopId, l, opts.currency));
  const productList = [...products.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (let i = 0; i < productList.length; i += 2000) {
    const part = productList.slice(i, i + 2000);
    await db.transaction().execute((tx) => upsertProducts(tx, part));
  }
  if (invoices.length === 0) return products.size;

  const first = Math.min(opts.chunk, 50);
  await storeAndTell(invoices.slice(0, first));
  await analyzeOrderTables(db);

  const lanes: Line[][][] = Array.from({ length: Math.max(1, opts.lanes) }, () => []);
  for (const lines of invoices.slice(first)) lanes[laneOf(lines[0]!.customerId ?? lines[0]!.invoice, lanes.length)]!.push(lines);
  await Promise.all(
    lanes.map(async (lane) => {
      for (let i = 0; i < lane.length; i += opts.chunk) await storeAndTell(lane.slice(i, i + opts.chunk));
    }),
  );
  await analyzeOrderTables(db);
  return products.size;
}

async function storeChunk(db: Db, shopId: string, part: Line[][], currency: string, counts: StoreCounts): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // An erased customer's orders come in without them: no customer record, no profile.
    const { orders, suppressed } = await withoutSuppressedPeople(tx, shopId, part.map((lines) => toOrder(shopId, lines, currency)));
    counts.suppressedOrders += suppressed.size;
    const customers = new Map<string, string | null>();
    for (const o of orders) if (o.order.customer_id) customers.set(o.order.customer_id, o.order.shipping_address?.country ?? null);
    // Each count is read after its await: lanes run at once, and `counts.x += await …` would add to a stale value.
    const newCustomers = await insertMissingCustomers(
      tx,
      [...customers].map(([id, region]) => ({ shop_id: shopId, id, region })),
    );
    counts.customers += newCustomers;

    // Profiles first, then orders: the order every writer locks them in (ingest locks a
    // shopper's profile before recording their order), so that an import never deadlocks
    // with a storefront's events. Counting is by order id, once, whichever runs first.
    const profileOrders = await recordOrdersInProfiles(
      tx,
      shopId,
      orders
        .filter((o) => o.order.customer_id)
        .map((o) => ({ orderId: o.order.id, customerId: o.order.customer_id!, total: Number(o.order.total), placedAt: o.order.placed_at as Date, region: o.order.shipping_address?.country ?? null })),
    );
    counts.profileOrders += profileOrders;
    const fresh = await recordOrders(tx, orders);
    counts.orders.new += fresh.size;
    counts.orders.existing += orders.length - fresh.size;
    for (const o of orders) {
      if (!fresh.has(o.order.id)) continue;
      counts.importedLines += o.items.length;
      if (!o.order.customer_id) {
        counts.guestOrders++;
        counts.guestLines += o.items.length;
      }
    }
  });
}

/** A lane by a string hash (FNV-1a): the same customer always in the same lane. */
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

function productFromLine(shopId: string, l: Line, currency: string): NewProduct {
  return { shop_id: shopId, id: l.code, name: l.description || l.code, price: l.price, currency };
}

function toOrder(shopId: string, lines: Line[], currency: string): IncomingOrder {
  const first = lines[0]!;
  const total = Math.round(lines.reduce((s, l) => s + l.quantity * l.price, 0) * 100) / 100;
  return {
    order: {
      shop_id: shopId,
      id: first.invoice,
      customer_id: first.customerId,
      anonymous_id: null,
      email: null,
      status: 'delivered',
      placed_at: first.at,
      total,
      currency,
      delivery_method: null,
      payment_type: null,
      shipping_address: first.region ? { country: first.region } : null,
      carrier: null,
      tracking_number: null,
      // A historical invoice was delivered; without a delivery time the
      // warranty (which starts at delivery) would stay pending forever.
      delivered_at: first.at,
      source: 'import',
    },
    items: lines.map((l, i) => ({
      shop_id: shopId,
      order_id: l.invoice,
      line_no: i + 1,
      product_id: l.code,
      name: l.description || l.code,
      quantity: l.quantity,
      unit_price: l.price,
      serial_numbers: [],
    })),
  };
}
