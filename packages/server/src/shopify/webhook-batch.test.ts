import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { deliver, installApp, orderPayload, productPayload, shopifyTestEnv, signedDelivery, startTokenPeer, type Delivery, type TokenPeer } from './test-peer.js';

const domain = 'lantern-batch.myshopify.com';
let server: RunningServer;
let peer: TokenPeer;
let shopId: string;

// A seeded shuffle, so that a failure can be replayed.
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const next = () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

beforeAll(async () => {
  peer = await startTokenPeer();
  server = await startTestServer({ env: shopifyTestEnv({ SHOPIFY_ADMIN_ORIGIN_OVERRIDE: peer.url }) });
  expect((await installApp(server.url, peer, domain)).status).toBe(302);
  shopId = (await sql<{ shop_id: string }>`select shop_id from shopify_shops where myshopify_domain = ${domain}`.execute(server.database.db)).rows[0]!.shop_id;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await peer?.close();
});

describe('a burst of deliveries with duplicates, in any order, some forged', () => {
  it('ends with the newest version of every order and product, each counted once, nothing forged stored', async () => {
    const t0 = new Date('2026-12-04T08:00:00Z').getTime();
    const ORDERS = 40;
    const VERSIONS = 5;
    const PRODUCTS = 10;
    const genuine: { d: Delivery; copies: number }[] = [];
    for (let o = 0; o < ORDERS; o++) {
      for (let v = 0; v < VERSIONS; v++) {
        // Version v: v + 1 of the item; shipped from version 3 on; the last one delivered.
        const body = orderPayload({
          number: 3000 + o,
          customerId: 9000 + (o % 10),
          email: `buyer${o % 10}@example.test`,
          createdAt: new Date(t0),
          updatedAt: new Date(t0 + (v + 1) * 60_000),
          lines: [{ productId: 100 + (o % PRODUCTS), title: `Item ${o % PRODUCTS}`, quantity: v + 1, price: '10.00' }],
          fulfillments: v >= 3 ? [{ createdAt: new Date(t0 + 4 * 60_000), trackingNumber: `1Z${o}`, shipmentStatus: v === 4 ? 'delivered' : null }] : [],
        });
        genuine.push({ d: signedDelivery({ topic: v === 0 ? 'orders/create' : 'orders/updated', domain, body }), copies: 1 + ((o + v) % 3) });
      }
    }
    for (let p = 0; p < PRODUCTS; p++) {
      for (let v = 0; v < 3; v++) {
        const body = productPayload({ id: 100 + p, title: `Item ${p} v${v}`, updatedAt: new Date(t0 + (v + 1) * 60_000), price: `${10 + v}.00` });
        genuine.push({ d: signedDelivery({ topic: v === 0 ? 'products/create' : 'products/update', domain, body }), copies: 1 + (p % 2) });
      }
    }
    const sends = genuine.flatMap(({ d, copies }) => Array.from({ length: copies }, () => ({ d, forged: false })));
    // About 5% forgeries: even newer versions, signed with the wrong secret.
    const forgedCount = Math.round(sends.length * 0.05);
    for (let i = 0; i < forgedCount; i++) {
      const body = orderPayload({ number: 3000 + (i % ORDERS), customerId: 6666, email: 'forger@example.test', createdAt: new Date(t0), updatedAt: new Date(t0 + 3_600_000), lines: [{ productId: 1, title: 'Forged', quantity: 99, price: '0.01' }] });
      sends.push({ d: signedDelivery({ topic: 'orders/updated', domain, body, secret: 'a-forgers-secret' }), forged: true });
    }
    const order = shuffled(sends, 20261207);
    expect(order.length).toBeGreaterThan(300);

    // Sent 16 at a time, while the inbox job applies what has arrived.
    const statuses: { forged: boolean; status: number }[] = [];
    for (let i = 0; i < order.length; i += 16) {
      const batch = order.slice(i, i + 16);
      const answers = await Promise.all(batch.map((s) => deliver(server.url, s.d)));
      answers.forEach((r, k) => statuses.push({ forged: batch[k]!.forged, status: r.status }));
    }
    expect(statuses.filter((s) => !s.forged).every((s) => s.status === 200)).toBe(true);
    expect(statuses.filter((s) => s.forged).every((s) => s.status === 401)).toBe(true);

    const db = server.database.db;
    await waitUntil(async () => (await sql<{ n: number }>`select count(*)::int as n from shopify_webhook_inbox where shop_id = ${shopId} and status = 'pending'`.execute(db)).rows[0]!.n === 0, 60_000);
    const inbox = await sql<{ status: string; n: number }>`select status, count(*)::int as n from shopify_webhook_inbox where shop_id = ${shopId} group by status`.execute(db);
    expect(inbox.rows).toEqual([{ status: 'applied', n: genuine.length }]);

    const orders = await sql<{ id: string; status: string; total: number; quantity: number; customer_id: string; email: string }>`
      select o.id, o.status, o.total, i.quantity, o.customer_id, o.email from orders o join order_items i on i.shop_id = o.shop_id and i.order_id = o.id
      where o.shop_id = ${shopId} order by o.id`.execute(db);
    expect(orders.rows).toHaveLength(ORDERS);
    for (const [o, row] of orders.rows.entries()) {
      expect(row).toEqual({ id: String(3000 + o), status: 'delivered', total: 50, quantity: VERSIONS, customer_id: String(9000 + (o % 10)), email: `buyer${o % 10}@example.test` });
    }
    const timelines = await sql<{ n: number }>`select count(*)::int as n from order_status_events where shop_id = ${shopId}`.execute(db);
    expect(timelines.rows[0]!.n).toBe(ORDERS * 4); // placed, paid, shipped, delivered
    const profiles = await sql<{ id: string; orders: number }>`select id, orders from profiles where shop_id = ${shopId} order by id`.execute(db);
    expect(profiles.rows).toEqual(Array.from({ length: 10 }, (_, c) => ({ id: String(9000 + c), orders: ORDERS / 10 })));
    const products = await sql<{ id: string; name: string; price: number }>`select id, name, price from products where shop_id = ${shopId} order by id`.execute(db);
    expect(products.rows).toEqual(Array.from({ length: PRODUCTS }, (_, p) => ({ id: String(100 + p), name: `Item ${p} v2`, price: 12 })));
    const forged = await sql<{ n: number }>`select count(*)::int as n from orders where shop_id = ${shopId} and (email = 'forger@example.test' or customer_id = '6666')`.execute(db);
    expect(forged.rows[0]!.n).toBe(0);
  }, 120_000);
});
