import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { deliver, installApp, orderPayload, shopifyTestEnv, signedDelivery, signedProxyUrl, startTokenPeer, TEST_APP_URL, type TokenPeer } from './test-peer.js';

const domain = 'lantern-proxy.myshopify.com';
let server: RunningServer;
let peer: TokenPeer;
let shopId: string;

const now = () => String(Math.floor(Date.now() / 1000));
const proxyParams = (customerId: string, extra: [string, string][] = [], timestamp = now()): [string, string][] => [
  ...extra,
  ['shop', domain],
  ['logged_in_customer_id', customerId],
  ['path_prefix', '/apps/vitrina'],
  ['timestamp', timestamp],
];

beforeAll(async () => {
  peer = await startTokenPeer();
  server = await startTestServer({ env: shopifyTestEnv({ SHOPIFY_ADMIN_ORIGIN_OVERRIDE: peer.url }) });
  expect((await installApp(server.url, peer, domain)).status).toBe(302);
  shopId = (await sql<{ shop_id: string }>`select shop_id from shopify_shops where myshopify_domain = ${domain}`.execute(server.database.db)).rows[0]!.shop_id;
  const orders = [
    orderPayload({ number: 5001, customerId: 7101, email: 'ann@example.test', updatedAt: new Date('2026-12-01T10:00:00Z') }),
    orderPayload({ number: 5002, customerId: 7101, email: 'ann@example.test', updatedAt: new Date('2026-12-02T10:00:00Z') }),
    orderPayload({ number: 5003, customerId: 7102, email: 'bob@example.test', updatedAt: new Date('2026-12-03T10:00:00Z') }),
  ];
  for (const body of orders) expect((await deliver(server.url, signedDelivery({ topic: 'orders/create', domain, body }))).status).toBe(200);
  await waitUntil(async () => (await sql<{ n: number }>`select count(*)::int as n from orders where shop_id = ${shopId}`.execute(server.database.db)).rows[0]!.n === 3, 20_000);
}, 60_000);
afterAll(async () => {
  await server?.close();
  await peer?.close();
});

describe('GET /shopify/proxy/*', () => {
  it("gives a logged-in customer their own orders and a token that reads only those", async () => {
    const res = await fetch(signedProxyUrl(server.url, '/orders', proxyParams('7101')));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = await readJson(res);
    expect(body.signedIn).toBe(true);
    expect(body.session.level).toBe('verified');
    expect(body.orders.map((o: { id: string }) => o.id).sort()).toEqual(['5001', '5002']);
    // The token is the widget's: the service center scopes it to Ann.
    const auth = { authorization: `Bearer ${body.session.token}` };
    const mine = await readJson(await fetch(`${server.url}/v1/service/orders`, { headers: auth }));
    expect(mine.orders.map((o: { id: string }) => o.id).sort()).toEqual(['5001', '5002']);
    expect((await fetch(`${server.url}/v1/service/orders/5003`, { headers: auth })).status).toBe(404);
  });

  it('sends anyone not logged in to the order-number sign-in', async () => {
    const body = await readJson(await fetch(signedProxyUrl(server.url, '', proxyParams(''))));
    const { rows } = await sql<{ write_key: string }>`select write_key from shops where id = ${shopId}`.execute(server.database.db);
    expect(body).toEqual({ signedIn: false, signIn: { method: 'order_number', lookupUrl: `${TEST_APP_URL}/v1/service/lookup`, writeKey: rows[0]!.write_key } });
  });

  it('refuses a tampered request, one without a signature, and one older than five minutes', async () => {
    const tampered = signedProxyUrl(server.url, '/orders', proxyParams('7101')).replace('logged_in_customer_id=7101', 'logged_in_customer_id=7102');
    const refused = await fetch(tampered);
    expect(refused.status).toBe(401);
    expect((await readJson(refused)).error.code).toBe('invalid_signature');
    expect((await fetch(`${server.url}/shopify/proxy/orders?${new URLSearchParams(proxyParams('7101'))}`)).status).toBe(401);
    const stale = await fetch(signedProxyUrl(server.url, '/orders', proxyParams('7101', [], String(Math.floor(Date.now() / 1000) - 301))));
    expect(stale.status).toBe(401);
    expect((await readJson(stale)).error.code).toBe('stale_request');
  });

  it('accepts mixed-case keys, - beside _ and repeated keys, signed the way Shopify signs them', async () => {
    const extra: [string, string][] = [['Zeta', '1'], ['alpha', '2'], ['a_b', '3'], ['a-b', '4'], ['extra', '1'], ['extra', '2']];
    const res = await fetch(signedProxyUrl(server.url, '/orders', proxyParams('7102', extra)));
    expect(res.status).toBe(200);
    expect((await readJson(res)).orders.map((o: { id: string }) => o.id)).toEqual(['5003']);
  });

  it('answers 404 for a shop that has not installed the app', async () => {
    const params = proxyParams('1').map(([k, v]): [string, string] => [k, k === 'shop' ? 'stranger.myshopify.com' : v]);
    expect((await fetch(signedProxyUrl(server.url, '/orders', params))).status).toBe(404);
  });
});
