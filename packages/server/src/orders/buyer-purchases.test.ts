import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop, findShopById } from '../shops/shops.service.js';
import type { Shop } from '../shops/shops.table.js';
import { openTestDatabase, testDatabaseKind } from '../test-support/test-database.js';
import { selectBuyerPurchases, toPurchaseLines } from './buyer-purchases.repository.js';
import { changeOrderStatus } from './order-status.service.js';
import { orderFromEvent, recordOrders, type IncomingOrder } from './orders.service.js';
import type { BuyerLine } from './orders.table.js';

let t: DatabaseHandle;
let shop: Shop;

beforeAll(async () => {
  t = await openTestDatabase();
  shop = (await findShopById(t.db, (await createShop(t.db, { name: 'Buyers Shop' })).shop_id))!;
});
afterAll(() => t?.close());

const order = (id: string, customerId: string | null, anonymousId: string | null, day: number, products: string[]): IncomingOrder => ({
  order: {
    shop_id: shop.id, id, customer_id: customerId, anonymous_id: anonymousId, email: null, status: 'delivered', placed_at: new Date(Date.UTC(2026, 10, day)),
    total: 10 * products.length, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: null, tracking_number: null, delivered_at: null, source: 'import',
  },
  items: products.map((p, i) => ({ shop_id: shop.id, order_id: id, line_no: i + 1, product_id: p, name: p, quantity: 1, unit_price: 10, serial_numbers: [] })),
});

/** What recommendations read for a shopper: their customer row and their device's row. */
async function purchases(who: { customerId?: string; anonymousId?: string }, until = new Date('2027-01-01T00:00:00Z')) {
  const rows = (await selectBuyerPurchases(t.db, shop.id, who).execute()) as { lines: BuyerLine[] }[];
  return toPurchaseLines(rows, who.customerId ?? who.anonymousId!, until).map((l) => `${l.orderId}:${l.productId}`);
}

describe("each buyer's purchases", () => {
  it('keeps a customer\'s and a device\'s orders, oldest first, each line once when both are asked for', async () => {
    await recordOrders(t.db, [order('B1', 'c-ida', 'dev-ida', 3, ['tea', 'cup']), order('B2', null, 'dev-ida', 5, ['tea']), order('B3', 'c-ida', null, 1, ['kettle'])]);
    expect(await purchases({ customerId: 'c-ida' })).toEqual(['B3:kettle', 'B1:tea', 'B1:cup']);
    expect(await purchases({ anonymousId: 'dev-ida' })).toEqual(['B1:tea', 'B1:cup', 'B2:tea']);
    expect(await purchases({ customerId: 'c-ida', anonymousId: 'dev-ida' })).toEqual(['B3:kettle', 'B1:tea', 'B1:cup', 'B2:tea']);
    // Only what was bought before the moment asked about (the offline evaluation's split).
    expect(await purchases({ customerId: 'c-ida' }, new Date(Date.UTC(2026, 10, 2)))).toEqual(['B3:kettle']);
    expect(await purchases({})).toEqual([]);
  });

  it('drops a cancelled order and takes it back when staff restore it', async () => {
    await changeOrderStatus(t.db, shop, 'B1', { status: 'cancelled', notify: false });
    expect(await purchases({ customerId: 'c-ida' })).toEqual(['B3:kettle']);
    await changeOrderStatus(t.db, shop, 'B1', { status: 'delivered', notify: false });
    expect(await purchases({ customerId: 'c-ida' })).toEqual(['B3:kettle', 'B1:tea', 'B1:cup']);
  });

  it('moves an event order to the customer of the trusted order that replaces it', async () => {
    const fromEvent = orderFromEvent({
      shopId: shop.id,
      properties: { order_id: 'B9', total: 10, products: [{ product_id: 'fake', price: 10, quantity: 1 }] },
      customerId: 'c-mallory',
      anonymousId: 'dev-mallory',
      timestamp: new Date(Date.UTC(2026, 10, 9)),
    })!;
    await recordOrders(t.db, [fromEvent]);
    expect(await purchases({ customerId: 'c-mallory' })).toEqual(['B9:fake']);
    await recordOrders(t.db, [order('B9', 'c-ida', null, 9, ['lamp'])]);
    expect(await purchases({ customerId: 'c-mallory', anonymousId: 'dev-mallory' })).toEqual([]);
    expect(await purchases({ customerId: 'c-ida' })).toEqual(['B3:kettle', 'B1:tea', 'B1:cup', 'B9:lamp']);
  });

  it.runIf(testDatabaseKind() === 'postgres')('keeps both orders when two transactions record orders of the same customer at once', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    // The first transaction records an order and stays open; the second records another for the same customer meanwhile.
    const first = t.db.transaction().execute(async (tx) => {
      await recordOrders(tx, [order('P1', 'c-both', null, 10, ['soap'])]);
      await held;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = t.db.transaction().execute((tx) => recordOrders(tx, [order('P2', 'c-both', null, 11, ['brush'])]));
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([first, second]);
    expect(await purchases({ customerId: 'c-both' })).toEqual(['P1:soap', 'P2:brush']);
  });
});
