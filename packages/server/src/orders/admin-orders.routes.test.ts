import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, seedFixturePerson, seedFixtureShop } from '../privacy/test-fixtures.js';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { recordOrders } from './orders.service.js';

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;
const ann = person('oa', 7001);
const bob = person('ob', 7002);

const call = (shop: CreatedShop, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${shop.admin_key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
  await seedFixtureShop(s.database.db, a.shop_id);
  await seedFixturePerson(s.database.db, a.shop_id, ann);
  await seedFixturePerson(s.database.db, a.shop_id, bob);
  // A new order, not yet shipped: its headphones' warranty waits for delivery.
  await recordOrders(s.database.db, [
    {
      order: { shop_id: a.shop_id, id: 'NEW-1', email: 'carol@example.test', status: 'paid', placed_at: new Date(), total: 199, currency: 'EUR', source: 'admin' },
      items: [{ shop_id: a.shop_id, order_id: 'NEW-1', line_no: 1, product_id: 'p-hp', name: 'Headphones', quantity: 2, unit_price: 99.5, serial_numbers: ['SN-A', 'SN-B'] }],
      timeline: [{ status: 'placed', at: new Date() }, { status: 'paid', at: new Date() }],
    },
  ]);
}, 90_000);
afterAll(async () => {
  await s?.close();
});

describe('the admin orders API', () => {
  it('lists a shop\'s orders newest first, with item counts and counts by status', async () => {
    const body = await readJson(await call(a, 'GET', '/v1/admin/orders'));
    expect(body.orders.map((o: { id: string }) => o.id)).toEqual(['NEW-1', bob.orderId, ann.orderId]);
    expect(body.orders[0]).toMatchObject({ status: 'paid', total: 199, items: 2, email: 'carol@example.test', source: 'admin' });
    expect(body.counts).toEqual({ paid: 1, delivered: 2 });
    expect(body.hasMore).toBe(false);
  });

  it('filters by status and finds an order by its number, part of the e-mail, tracking number or customer id', async () => {
    const ids = async (query: string) => (await readJson(await call(a, 'GET', `/v1/admin/orders?${query}`))).orders.map((o: { id: string }) => o.id);
    expect(await ids('status=delivered')).toEqual([bob.orderId, ann.orderId]);
    expect(await ids('q=new')).toEqual(['NEW-1']);
    expect(await ids('q=oa.mail')).toEqual([ann.orderId]);
    expect(await ids(`q=TRK-${bob.customerId}`)).toEqual([bob.orderId]);
    expect(await ids(`q=${ann.customerId}`)).toEqual([ann.orderId]);
    // LIKE's wildcards are searched for, not obeyed.
    expect(await ids('q=%25')).toEqual([]);
  });

  it('pages with limit and offset, saying whether there is more', async () => {
    const first = await readJson(await call(a, 'GET', '/v1/admin/orders?limit=2'));
    expect(first.orders).toHaveLength(2);
    expect(first.hasMore).toBe(true);
    const second = await readJson(await call(a, 'GET', '/v1/admin/orders?limit=2&offset=2'));
    expect(second.orders.map((o: { id: string }) => o.id)).toEqual([ann.orderId]);
    expect(second.hasMore).toBe(false);
    expect((await call(a, 'GET', '/v1/admin/orders?limit=0')).status).toBe(400);
  });

  it('shows an order with its lines, serial numbers, warranties, delivery and timeline', async () => {
    const { order, lines, timeline } = await readJson(await call(a, 'GET', `/v1/admin/orders/${ann.orderId}`));
    expect(order).toMatchObject({ id: ann.orderId, status: 'delivered', carrier: 'DHL', trackingNumber: `TRK-${ann.customerId}`, customerId: ann.customerId, deliveryMethod: 'courier' });
    expect(order.shippingAddress.city).toBe('Berlin');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ lineNo: 1, productId: 'p-hp', quantity: 1, unitPrice: 199, serialNumbers: [ann.serial], warranty: { state: 'active', months: 24 } });
    expect(lines[1].warranty).toEqual({ state: 'none', months: 0 });
    expect(timeline.map((t: { status: string }) => t.status)).toEqual(['placed', 'delivered']);
    const fresh = await readJson(await call(a, 'GET', '/v1/admin/orders/NEW-1'));
    expect(fresh.lines[0].warranty).toEqual({ state: 'pending', months: 24 });
  });

  it("answers 404 for another shop's order", async () => {
    const res = await call(b, 'GET', `/v1/admin/orders/${ann.orderId}`);
    expect(res.status).toBe(404);
    expect((await readJson(res)).error.code).toBe('order_not_found');
    expect((await readJson(await call(b, 'GET', '/v1/admin/orders'))).orders).toEqual([]);
  });

  it('sets delivery statuses in bulk from CSV, applying the good rows and naming the others', async () => {
    const csv = ['Order;Status;Carrier;Tracking number;Expected;Note', 'NEW-1;Shipped;DPD;"DPD;77";2026-12-24;', 'NO-SUCH;shipped;;;;', `${bob.orderId};lost;;;;`, ';shipped;;;;', `${bob.orderId};shipped;;;24.12.2026;`].join('\r\n');
    const res = await call(a, 'POST', '/v1/admin/orders/status-import', { csv, notify: false });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.applied).toBe(1);
    expect(body.notified).toBe(0);
    expect(body.rows).toEqual([
      { line: 2, orderId: 'NEW-1', result: 'applied' },
      { line: 3, orderId: 'NO-SUCH', result: 'order_not_found' },
      { line: 4, orderId: bob.orderId, result: 'invalid_status' },
      { line: 5, orderId: null, result: 'missing_order' },
      { line: 6, orderId: bob.orderId, result: 'invalid_date' },
    ]);
    const { order, timeline } = await readJson(await call(a, 'GET', '/v1/admin/orders/NEW-1'));
    expect(order).toMatchObject({ status: 'shipped', carrier: 'DPD', trackingNumber: 'DPD;77', expectedOn: '2026-12-24' });
    expect((await readJson(await call(a, 'GET', '/v1/admin/orders?q=NEW-1'))).orders[0].expectedOn).toBe('2026-12-24');
    expect(timeline.map((t: { status: string }) => t.status)).toEqual(['placed', 'paid', 'shipped']);
  });

  it("refuses a file without the order and status columns, and cannot touch another shop's orders", async () => {
    const missing = await call(a, 'POST', '/v1/admin/orders/status-import', { csv: 'id,state\nNEW-1,shipped' });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error.code).toBe('missing_columns');
    const other = await readJson(await call(b, 'POST', '/v1/admin/orders/status-import', { csv: `order,status\n${ann.orderId},returned`, notify: false }));
    expect(other.rows).toEqual([{ line: 2, orderId: ann.orderId, result: 'order_not_found' }]);
    expect((await readJson(await call(a, 'GET', `/v1/admin/orders/${ann.orderId}`))).order.status).toBe('delivered');
  });
});
