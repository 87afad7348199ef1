import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrdersCsv } from '../importer/import-orders.js';
import type { RunningServer } from '../server.js';
import type { CreatedShop } from '../shops/shops.service.js';
import { startTestServer } from '../test-support/test-database.js';
import { annaOrders, seedServiceShop, serviceClient, tokenFor } from './test-fixtures.js';

let server: RunningServer;
let shop: CreatedShop;
const dir = mkdtempSync(join(tmpdir(), 'vitrina-event-orders-'));
let ip = 0;
const freshIp = () => `198.51.100.${100 + ++ip}`;

beforeAll(async () => {
  server = await startTestServer();
  shop = await seedServiceShop(server.database.db, 'Event Shop', annaOrders);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What an attacker can do with the public write key from any browser. */
const orderCompleted = (orderId: string, email: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Order Completed',
  messageId: randomUUID(),
  anonymousId: randomUUID(),
  timestamp: new Date().toISOString(),
  properties: { order_id: orderId, email, total: 10, currency: 'EUR', products: [{ product_id: 'p-tea', name: 'Green Tea', price: 10, quantity: 1 }], ...extra },
});
async function sendBatch(batch: Record<string, unknown>[]) {
  const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ writeKey: shop.write_key, batch }) });
  expect(res.status).toBe(200);
}
const sendOrderCompleted = (orderId: string, email: string) => sendBatch([orderCompleted(orderId, email)]);
const findOrder = (id: string) => server.database.db.selectFrom('orders').selectAll().where('shop_id', '=', shop.shop_id).where('id', '=', id).executeTakeFirst();

describe('orders from tracking events', () => {
  it('are stored for analytics but do not open the service center: same answer as an unknown order', async () => {
    await sendOrderCompleted('EV-1', 'mallory@example.com');
    expect(await findOrder('EV-1')).toMatchObject({ source: 'event', email: 'mallory@example.com' });
    const client = serviceClient(server.url, shop.write_key, freshIp());
    const forged = await client.lookup({ orderNumber: 'EV-1', email: 'mallory@example.com' });
    const unknown = await client.lookup({ orderNumber: 'EV-404', email: 'mallory@example.com' });
    expect(forged.status).toBe(404);
    expect({ status: forged.status, body: await forged.text() }).toEqual({ status: unknown.status, body: await unknown.text() });
    // A trusted order still opens it.
    expect((await serviceClient(server.url, shop.write_key, freshIp()).lookup({ orderNumber: '1004', email: 'bob@example.com' })).status).toBe(200);
  });

  it('give way to the importer\'s real order with the same number, lines included', async () => {
    await sendOrderCompleted('777001', 'mallory@example.com');
    expect(await findOrder('777001')).toMatchObject({ source: 'event' });
    const file = join(dir, 'orders.csv');
    writeFileSync(
      file,
      [
        '"InvoiceNo","StockCode","Description","Quantity","InvoiceDate","UnitPrice","CustomerID","Country"',
        '"777001","p-hp","Sonora Wireless Headphones",1,"2026-11-01 10:00:00",199,"17850","Germany"',
        '"777001","p-lamp","Nordlys Desk Lamp",2,"2026-11-01 10:00:00",59,"17850","Germany"',
      ].join('\n') + '\n',
    );
    const summary = await importOrdersCsv(server.database.db, shop.shop_id, file, { currency: 'EUR' });
    expect(summary.orders.new).toBe(1);
    const order = await findOrder('777001');
    expect(order).toMatchObject({ source: 'import', email: null, customer_id: '17850', status: 'delivered', total: 317 });
    const items = await server.database.db.selectFrom('order_items').select(['product_id', 'quantity']).where('shop_id', '=', shop.shop_id).where('order_id', '=', '777001').orderBy('line_no').execute();
    expect(items).toEqual([{ product_id: 'p-hp', quantity: 1 }, { product_id: 'p-lamp', quantity: 2 }]);
    const res = await serviceClient(server.url, shop.write_key, freshIp()).lookup({ orderNumber: '777001', email: 'mallory@example.com' });
    expect(res.status).toBe(404);
    // A later event with that number changes nothing.
    await sendOrderCompleted('777001', 'mallory@example.com');
    expect(await findOrder('777001')).toMatchObject({ source: 'import', email: null });
  });

  it('leave out an order whose id, total or quantity the tables cannot hold, and still store its event and the rest of the batch', async () => {
    const tooLongId = orderCompleted('L'.repeat(201), 'x@example.com');
    const tooBigTotal = orderCompleted('BIG-TOTAL', 'x@example.com', { total: 1e10 });
    const tooManyItems = orderCompleted('BIG-QTY', 'x@example.com', { products: [{ product_id: 'p-tea', price: 1, quantity: 2 ** 31 }] });
    const fine = orderCompleted('FINE-1', 'x@example.com');
    await sendBatch([tooLongId, tooBigTotal, tooManyItems, fine]);
    expect(await findOrder('FINE-1')).toMatchObject({ source: 'event', total: 10 });
    for (const id of ['L'.repeat(201), 'L'.repeat(200), 'BIG-TOTAL', 'BIG-QTY']) expect(await findOrder(id)).toBeUndefined();
    for (const e of [tooLongId, tooBigTotal, tooManyItems, fine]) {
      const stored = await server.database.db.selectFrom('events').select('message_id').where('shop_id', '=', shop.shop_id).where('message_id', '=', e.messageId).executeTakeFirst();
      expect(stored).toBeDefined();
    }
  });

  it('stay out of the service center of the customer whose e-mail they carry: not listed, not readable, no claims', async () => {
    await sendBatch([orderCompleted('EV-BOB', 'bob@example.com', { products: [{ product_id: 'p-hp', name: 'Sonora Wireless Headphones', price: 199, quantity: 1, serial_numbers: ['SN-FAKE'] }] })]);
    expect(await findOrder('EV-BOB')).toMatchObject({ source: 'event', email: 'bob@example.com' });
    const client = serviceClient(server.url, shop.write_key, freshIp());
    const token = await tokenFor(client, '1004', 'bob@example.com');
    const orders = (await (await client.get('/v1/service/orders', token)).json()) as { orders: { id: string }[] };
    expect(orders.orders.map((o) => o.id)).toEqual(['1004']);
    expect((await client.get('/v1/service/orders/EV-BOB', token)).status).toBe(404);
    const claim = await client.post('/v1/service/claims', token, { orderId: 'EV-BOB', lineNo: 1, serialNumber: 'SN-FAKE', problem: 'Bogus claim on a product never bought.' });
    expect(claim.status).toBe(404);
  });
});
