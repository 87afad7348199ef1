import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop, findShopById } from '../shops/shops.service.js';
import type { Shop } from '../shops/shops.table.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { findOrderById, listOrderLines, listOrderStatusEntries } from './order-lookup.service.js';
import { changeOrderStatus } from './order-status.service.js';
import { orderFromEvent, recordOrders, type IncomingOrder } from './orders.service.js';

let t: DatabaseHandle;
let shop: Shop;

beforeAll(async () => {
  t = await openTestDatabase();
  shop = (await findShopById(t.db, (await createShop(t.db, { name: 'Orders Shop' })).shop_id))!;
});
afterAll(() => t?.close());

/** What anyone with the public write key can send: an `Order Completed` under the shop's real order number. */
const eventOrder = (orderId: string) =>
  orderFromEvent({
    shopId: shop.id,
    properties: {
      order_id: orderId,
      email: 'mallory@example.com',
      total: 30,
      products: [
        { product_id: 'p-fake-1', name: 'Fake one', price: 10, quantity: 1, serial_numbers: ['SN-FAKE'] },
        { product_id: 'p-fake-2', name: 'Fake two', price: 10, quantity: 2 },
      ],
    },
    customerId: null,
    anonymousId: 'anon-mallory',
    timestamp: new Date('2026-11-20T09:00:00Z'),
  })!;

/** The shop's own record of the same order, as the importer brings it. */
const importedOrder = (orderId: string, timeline?: IncomingOrder['timeline']): IncomingOrder => ({
  order: {
    shop_id: shop.id, id: orderId, customer_id: '17850', anonymous_id: null, email: 'anna@example.com', status: 'shipped', placed_at: new Date('2026-11-18T12:00:00Z'),
    total: 199, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: 'DHL', tracking_number: 'TRK-1', delivered_at: null, source: 'import',
  },
  items: [{ shop_id: shop.id, order_id: orderId, line_no: 1, product_id: 'p-hp', name: 'Sonora Wireless Headphones', quantity: 1, unit_price: 199, serial_numbers: ['SN-HP-1'] }],
  ...(timeline ? { timeline } : {}),
});

const lines = async (orderId: string) => (await listOrderLines(t.db, shop.id, [orderId])).map((l) => [l.lineNo, l.productId, l.quantity, l.serialNumbers]);
const timeline = async (orderId: string) => (await listOrderStatusEntries(t.db, shop.id, [orderId])).map((e) => [e.seq, e.status, e.at.toISOString(), e.note]);

describe('recordOrders: a trusted order replacing an event order', () => {
  it('keeps only the trusted order, its lines and its timeline, dropping what staff added to the event version', async () => {
    expect(await recordOrders(t.db, [eventOrder('9001')])).toEqual(new Set(['9001']));
    // Staff moved the event version along before the real order arrived: two timeline rows.
    await changeOrderStatus(t.db, shop, '9001', { status: 'paid', notify: false, at: new Date('2026-11-20T10:00:00Z') });
    await changeOrderStatus(t.db, shop, '9001', { status: 'packed', note: 'from the event version', notify: false, at: new Date('2026-11-20T11:00:00Z') });
    expect(await timeline('9001')).toHaveLength(2);
    expect(await lines('9001')).toHaveLength(2);

    const written = await recordOrders(t.db, [
      importedOrder('9001', [
        { status: 'placed', at: new Date('2026-11-18T12:00:00Z') },
        { status: 'shipped', at: new Date('2026-11-19T08:00:00Z'), note: 'DHL' },
      ]),
    ]);
    expect(written).toEqual(new Set(['9001']));
    expect(await findOrderById(t.db, shop.id, '9001')).toMatchObject({ source: 'import', email: 'anna@example.com', customer_id: '17850', status: 'shipped', total: 199 });
    expect(await lines('9001')).toEqual([[1, 'p-hp', 1, ['SN-HP-1']]]);
    expect(await timeline('9001')).toEqual([
      [1, 'placed', '2026-11-18T12:00:00.000Z', null],
      [2, 'shipped', '2026-11-19T08:00:00.000Z', 'DHL'],
    ]);
  });

  it('leaves no timeline behind when the trusted order comes without one', async () => {
    await recordOrders(t.db, [eventOrder('9002')]);
    await changeOrderStatus(t.db, shop, '9002', { status: 'shipped', notify: false });
    await recordOrders(t.db, [importedOrder('9002')]);
    expect(await lines('9002')).toEqual([[1, 'p-hp', 1, ['SN-HP-1']]]);
    expect(await timeline('9002')).toEqual([]);
  });

  it('changes nothing when the event arrives again after the trusted order', async () => {
    expect(await recordOrders(t.db, [eventOrder('9001')])).toEqual(new Set());
    expect(await findOrderById(t.db, shop.id, '9001')).toMatchObject({ source: 'import', email: 'anna@example.com' });
    expect(await lines('9001')).toEqual([[1, 'p-hp', 1, ['SN-HP-1']]]);
    expect(await timeline('9001')).toHaveLength(2);
  });

  it('leaves an existing trusted order, its lines and timeline as they are on a re-run', async () => {
    expect(await recordOrders(t.db, [importedOrder('9001', [{ status: 'delivered', at: new Date() }])])).toEqual(new Set());
    expect(await lines('9001')).toEqual([[1, 'p-hp', 1, ['SN-HP-1']]]);
    expect((await timeline('9001')).map((e) => e[1])).toEqual(['placed', 'shipped']);
  });
});
