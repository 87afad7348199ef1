import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { deliver, installApp, orderPayload, productPayload, shopifyTestEnv, signedDelivery, startTokenPeer, type TokenPeer } from './test-peer.js';

const domain = 'lantern-webhooks.myshopify.com';
let server: RunningServer;
let peer: TokenPeer;
let shopId: string;

const db = () => server.database.db;
const inbox = () => sql<{ event_id: string; status: string; body: unknown; topic: string }>`select event_id, status, body, topic from shopify_webhook_inbox where shop_id = ${shopId}`.execute(db()).then((r) => r.rows);
const drained = () => waitUntil(async () => (await inbox()).every((r) => r.status !== 'pending'), 20_000);
const orderRow = (id: string) => sql<Record<string, unknown>>`select * from orders where shop_id = ${shopId} and id = ${id}`.execute(db()).then((r) => r.rows[0]);
const linesOf = (id: string) => sql<{ quantity: number; product_id: string }>`select quantity, product_id from order_items where shop_id = ${shopId} and order_id = ${id} order by line_no`.execute(db()).then((r) => r.rows);
const timelineOf = (id: string) => sql<{ status: string }>`select status from order_status_events where shop_id = ${shopId} and order_id = ${id} order by seq`.execute(db()).then((r) => r.rows.map((x) => x.status));

beforeAll(async () => {
  peer = await startTokenPeer();
  server = await startTestServer({ env: shopifyTestEnv({ SHOPIFY_ADMIN_ORIGIN_OVERRIDE: peer.url }) });
  const installed = await installApp(server.url, peer, domain);
  expect(installed.status).toBe(302);
  shopId = (await sql<{ shop_id: string }>`select shop_id from shopify_shops where myshopify_domain = ${domain}`.execute(db())).rows[0]!.shop_id;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await peer?.close();
});

describe('POST /shopify/webhooks', () => {
  it('stores a valid delivery before answering 200, and the inbox job applies it', async () => {
    const body = orderPayload({ number: 2001, customerId: 7001, email: 'Ann@Example.test', updatedAt: new Date('2026-12-01T10:00:00Z') });
    const d = signedDelivery({ topic: 'orders/create', domain, body });
    const res = await deliver(server.url, d);
    expect(res.status).toBe(200);
    // Written before the answer: a crash after the 200 loses nothing.
    expect((await inbox()).map((r) => r.event_id)).toContain(d.headers['x-shopify-event-id']);
    await drained();
    const order = await orderRow('2001');
    expect(order).toMatchObject({ customer_id: '7001', email: 'ann@example.test', source: 'shopify', status: 'paid', total: 199, currency: 'USD' });
    expect(order!.shipping_address).toMatchObject({ name: 'Ann Quix', line1: '12 Ossory Lane', city: 'Ottawa', postalCode: 'K1A 0B1', country: 'CA' });
    expect(await linesOf('2001')).toEqual([{ quantity: 1, product_id: '632910392' }]);
    expect(await timelineOf('2001')).toEqual(['placed', 'paid']);
    const profile = await sql<{ orders: number; revenue: number }>`select orders, revenue::float8 as revenue from profiles where shop_id = ${shopId} and id = '7001'`.execute(db());
    expect(profile.rows[0]).toMatchObject({ orders: 1, revenue: 199 });
    // Once applied, the payload's personal data lives only where it was applied to.
    expect((await inbox()).find((r) => r.event_id === d.headers['x-shopify-event-id'])).toMatchObject({ status: 'applied', body: null });
  });

  it('answers 401 to a bad or missing HMAC and stores nothing', async () => {
    const before = (await inbox()).length;
    const d = signedDelivery({ topic: 'orders/create', domain, body: orderPayload({ number: 2002, updatedAt: new Date() }), secret: 'not-the-app-secret' });
    expect((await deliver(server.url, d)).status).toBe(401);
    const { 'x-shopify-hmac-sha256': _h, ...unsigned } = d.headers;
    expect((await deliver(server.url, { headers: unsigned, body: d.body })).status).toBe(401);
    expect((await inbox()).length).toBe(before);
    expect(await orderRow('2002')).toBeUndefined();
  });

  it('answers 401 to the same JSON serialized again (the HMAC is over the raw bytes)', async () => {
    const d = signedDelivery({ topic: 'orders/create', domain, body: orderPayload({ number: 2003, updatedAt: new Date() }) });
    const reserialized = JSON.stringify(JSON.parse(d.body), null, 2);
    const res = await deliver(server.url, { headers: d.headers, body: reserialized });
    expect(res.status).toBe(401);
    expect((await readJson(res)).error.code).toBe('invalid_hmac');
    expect((await inbox()).map((r) => r.event_id)).not.toContain(d.headers['x-shopify-event-id']);
  });

  it('answers 200 to a delivery for a shop that never installed the app, and drops it', async () => {
    const d = signedDelivery({ topic: 'orders/create', domain: 'stranger.myshopify.com', body: orderPayload({ number: 2004, updatedAt: new Date() }) });
    expect((await deliver(server.url, d)).status).toBe(200);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from shopify_webhook_inbox where event_id = ${d.headers['x-shopify-event-id']}`.execute(db());
    expect(rows[0]!.n).toBe(0);
  });

  it('gives a duplicate delivery one effect', async () => {
    const d = signedDelivery({ topic: 'orders/create', domain, body: orderPayload({ number: 2005, customerId: 7005, email: 'dup@example.test', updatedAt: new Date('2026-12-01T10:00:00Z') }) });
    const answers = await Promise.all([deliver(server.url, d), deliver(server.url, d), deliver(server.url, d)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await drained();
    expect(await deliver(server.url, d).then((r) => r.json())).toEqual({ ok: true, duplicate: true });
    await drained();
    expect((await inbox()).filter((r) => r.event_id === d.headers['x-shopify-event-id'])).toHaveLength(1);
    expect(await linesOf('2005')).toHaveLength(1);
    const profile = await sql<{ orders: number }>`select orders from profiles where shop_id = ${shopId} and id = '7005'`.execute(db());
    expect(profile.rows[0]!.orders).toBe(1);
  });

  it('keeps the newest version when orders/updated arrive out of order', async () => {
    const base = { number: 2006, customerId: 7006, email: 'late@example.test' };
    const t0 = new Date('2026-12-02T09:00:00Z');
    const versions = [
      orderPayload({ ...base, updatedAt: new Date(t0.getTime() + 3 * 60_000), createdAt: t0, fulfillments: [{ createdAt: new Date(t0.getTime() + 2 * 60_000), trackingNumber: '1ZNEWEST' }], lines: [{ productId: 1, title: 'Kettle', quantity: 2, price: '30.00' }] }),
      orderPayload({ ...base, updatedAt: new Date(t0.getTime() + 1 * 60_000), createdAt: t0, financialStatus: 'pending', lines: [{ productId: 1, title: 'Kettle', quantity: 1, price: '30.00' }] }),
      orderPayload({ ...base, updatedAt: new Date(t0.getTime() + 2 * 60_000), createdAt: t0, lines: [{ productId: 1, title: 'Kettle', quantity: 3, price: '30.00' }] }),
    ];
    // The newest first, then two older ones: neither may undo it.
    for (const [i, v] of versions.entries()) {
      expect((await deliver(server.url, signedDelivery({ topic: i === 1 ? 'orders/create' : 'orders/updated', domain, body: v }))).status).toBe(200);
      await drained();
    }
    expect(await orderRow('2006')).toMatchObject({ status: 'shipped', tracking_number: '1ZNEWEST', total: 60 });
    expect(await linesOf('2006')).toEqual([{ quantity: 2, product_id: '1' }]);
    expect(await timelineOf('2006')).toEqual(['placed', 'paid', 'shipped']);
    // A newer one still applies, cancellation included.
    const cancelled = orderPayload({ ...base, updatedAt: new Date(t0.getTime() + 4 * 60_000), createdAt: t0, cancelledAt: new Date(t0.getTime() + 4 * 60_000), financialStatus: 'refunded', lines: [{ productId: 1, title: 'Kettle', quantity: 2, price: '30.00' }] });
    await deliver(server.url, signedDelivery({ topic: 'orders/cancelled', domain, body: cancelled }));
    await drained();
    expect(await orderRow('2006')).toMatchObject({ status: 'cancelled' });
  });

  it('writes products, keeps the newest version of each, and marks a deleted one out of stock', async () => {
    const t0 = new Date('2026-12-03T09:00:00Z');
    const newer = productPayload({ id: 632910392, title: 'IPod Nano - 8GB', updatedAt: new Date(t0.getTime() + 60_000), price: '189.00' });
    const older = productPayload({ id: 632910392, title: 'IPod Nano (old title)', updatedAt: t0, price: '199.00' });
    await deliver(server.url, signedDelivery({ topic: 'products/update', domain, body: newer }));
    await deliver(server.url, signedDelivery({ topic: 'products/create', domain, body: older }));
    await drained();
    const product = () => sql<Record<string, unknown>>`select * from products where shop_id = ${shopId} and id = '632910392'`.execute(db()).then((r) => r.rows[0]);
    expect(await product()).toMatchObject({ name: 'IPod Nano - 8GB', price: 189, brand: 'Apple', category: 'Cult Products', in_stock: true, url: `https://${domain}/products/ipod-nano-8gb`, tags: ['Emotive', 'Flash Memory'] });
    await deliver(server.url, signedDelivery({ topic: 'products/delete', domain, body: { id: 632910392 } }));
    await drained();
    expect(await product()).toMatchObject({ name: 'IPod Nano - 8GB', in_stock: false });
    // A late update of a deleted product does not bring it back.
    await deliver(server.url, signedDelivery({ topic: 'products/update', domain, body: productPayload({ id: 632910392, title: 'IPod Nano - 8GB', updatedAt: new Date(t0.getTime() + 120_000) }) }));
    await drained();
    expect(await product()).toMatchObject({ in_stock: false });
  });

  it('gives up on a payload it cannot read, keeping the error, without blocking the others', async () => {
    const bad = signedDelivery({ topic: 'orders/create', domain, body: { id: 1, note: 'no dates, no lines' } });
    const good = signedDelivery({ topic: 'orders/create', domain, body: orderPayload({ number: 2007, updatedAt: new Date() }) });
    await deliver(server.url, bad);
    await deliver(server.url, good);
    await drained();
    const { rows } = await sql<{ status: string; last_error: string }>`select status, last_error from shopify_webhook_inbox where shop_id = ${shopId} and event_id = ${bad.headers['x-shopify-event-id']}`.execute(db());
    expect(rows[0]).toMatchObject({ status: 'failed' });
    expect(rows[0]!.last_error).toMatch(/unexpected payload/);
    expect(await orderRow('2007')).toBeDefined();
  });
});

describe('without Shopify configured', () => {
  it('answers 404 on every /shopify route', async () => {
    const plain = await startTestServer();
    try {
      const d = signedDelivery({ topic: 'orders/create', domain, body: {} });
      expect((await deliver(plain.url, d)).status).toBe(404);
      expect((await fetch(`${plain.url}/shopify/auth?shop=${domain}`, { redirect: 'manual' })).status).toBe(404);
      expect((await fetch(`${plain.url}/shopify/proxy/orders`)).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
