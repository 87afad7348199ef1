import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop, findShopById } from '../shops/shops.service.js';
import type { Shop } from '../shops/shops.table.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { listOrderStatusEntries } from './order-lookup.service.js';
import { changeOrderStatus, type OrderStatusListener } from './order-status.service.js';
import { recordOrders } from './orders.service.js';

let t: DatabaseHandle;
let shop: Shop;

beforeAll(async () => {
  t = await openTestDatabase();
  shop = (await findShopById(t.db, (await createShop(t.db, { name: 'Status Shop' })).shop_id))!;
  await recordOrders(t.db, [
    {
      order: {
        shop_id: shop.id, id: '2001', customer_id: null, anonymous_id: null, email: 'ada@example.com', status: 'paid', placed_at: new Date('2026-11-01T10:00:00Z'),
        total: 40, currency: 'EUR', delivery_method: null, payment_type: null, shipping_address: null, carrier: null, tracking_number: null, delivered_at: null, source: 'import',
      },
      items: [],
      timeline: [{ status: 'placed', at: new Date('2026-11-01T10:00:00Z') }, { status: 'paid', at: new Date('2026-11-01T10:05:00Z') }],
    },
  ]);
});
afterAll(() => t?.close());

const timeline = async () => (await listOrderStatusEntries(t.db, shop.id, ['2001'])).map((e) => [e.seq, e.status]);

describe('changeOrderStatus', () => {
  it('tells each listener of the change inside its transaction, and runs its afterCommit once the change is committed', async () => {
    const seen: unknown[] = [];
    let committedSeqs: unknown[] = [];
    const listener: OrderStatusListener = async (trx, { order, change, seq }) => {
      // The listener reads the change through the transaction it is given.
      const inTrx = await listOrderStatusEntries(trx, shop.id, [order.id]);
      seen.push({ orderStatusBefore: order.status, status: change.status, seq, lastInTrx: inTrx.at(-1)?.status });
      return { notified: true, afterCommit: () => void timeline().then((rows) => (committedSeqs = rows)) };
    };
    const quiet: OrderStatusListener = async () => ({ notified: false });
    const result = await changeOrderStatus(t.db, shop, '2001', { status: 'shipped', carrier: 'DHL', notify: true }, [quiet, listener]);
    expect(result).toEqual({ ok: true, seq: 3, notified: true });
    expect(seen).toEqual([{ orderStatusBefore: 'paid', status: 'shipped', seq: 3, lastInTrx: 'shipped' }]);
    await expect.poll(() => committedSeqs).toEqual([[1, 'placed'], [2, 'paid'], [3, 'shipped']]);
  });

  it('says nobody was notified when no listener is registered', async () => {
    expect(await changeOrderStatus(t.db, shop, '2001', { status: 'delivered', notify: true })).toEqual({ ok: true, seq: 4, notified: false });
  });

  it('rolls the change back when a listener fails', async () => {
    const failing: OrderStatusListener = async () => {
      throw new Error('mail template broken');
    };
    await expect(changeOrderStatus(t.db, shop, '2001', { status: 'returned', notify: true }, [failing])).rejects.toThrow('mail template broken');
    expect((await timeline()).at(-1)).toEqual([4, 'delivered']);
  });

  it('answers an unknown order with order_not_found and tells no listener', async () => {
    let called = false;
    const listener: OrderStatusListener = async () => {
      called = true;
      return { notified: true };
    };
    expect(await changeOrderStatus(t.db, shop, '404404', { status: 'packed', notify: true }, [listener])).toEqual({ ok: false, code: 'order_not_found' });
    expect(called).toBe(false);
  });
});
