import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { hashKey } from '../shops/keys.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { openSecret } from './sealed-secret.js';
import { deliver, installApp, shopifyTestEnv, signedCallbackQuery, signedDelivery, startTokenPeer, TEST_API_KEY, TEST_APP_URL, type TokenPeer } from './test-peer.js';

let server: RunningServer;
let peer: TokenPeer;
let env: Record<string, string>;

const db = () => server.database.db;
const linkOf = (domain: string) => sql<Record<string, any>>`select * from shopify_shops where myshopify_domain = ${domain}`.execute(db()).then((r) => r.rows[0]);
const begin = async (shop: string) => {
  const res = await fetch(`${server.url}/shopify/auth?shop=${shop}`, { redirect: 'manual' });
  return { res, state: new URL(res.headers.get('location') ?? 'http://x').searchParams.get('state') ?? '', cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]! };
};

beforeAll(async () => {
  peer = await startTokenPeer();
  env = shopifyTestEnv({ SHOPIFY_ADMIN_ORIGIN_OVERRIDE: peer.url });
  server = await startTestServer({ env });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await peer?.close();
});

describe('GET /shopify/auth', () => {
  it("redirects to the shop's authorize page with our scopes, callback and a signed state, its nonce in a cookie", async () => {
    const { res, state, cookie } = await begin('Lantern-Install.myshopify.com');
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe('https://lantern-install.myshopify.com/admin/oauth/authorize');
    expect(Object.fromEntries(to.searchParams)).toEqual({ client_id: TEST_API_KEY, scope: 'read_orders,read_products,read_customers,write_app_proxy', redirect_uri: `${TEST_APP_URL}/shopify/auth/callback`, state });
    expect(cookie).toMatch(/^vitrina_shopify_nonce=/);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('set-cookie')).toMatch(/Secure/i);
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);
  });

  it('refuses anything but a myshopify.com domain', async () => {
    for (const shop of ['evil.example.com', 'x.myshopify.com.evil.test', 'x.myshopify.com/admin', '', '-x.myshopify.com']) {
      const res = await fetch(`${server.url}/shopify/auth?shop=${encodeURIComponent(shop)}`, { redirect: 'manual' });
      expect(res.status, shop).toBe(400);
      expect((await readJson(res)).error.code).toBe('invalid_shop');
    }
  });
});

describe('GET /shopify/auth/callback', () => {
  it('exchanges the code for expiring offline tokens, stores them sealed, creates the shop and opens the embedded app', async () => {
    const shop = 'lantern-install.myshopify.com';
    const { state, cookie } = await begin(shop);
    const code = peer.issueCode(shop);
    const res = await fetch(`${server.url}/shopify/auth/callback?${signedCallbackQuery({ shop, code, state })}`, { redirect: 'manual', headers: { cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`https://admin.shopify.com/store/lantern-install/apps/${TEST_API_KEY}`);
    expect(peer.requests.at(-1)).toMatchObject({ client_id: TEST_API_KEY, code, expiring: 1 });

    const link = await linkOf(shop);
    expect(link).toMatchObject({ status: 'active', uninstalled_at: null, scopes: 'read_orders,read_products,read_customers,write_app_proxy' });
    expect(link!.access_token).not.toMatch(/shpat_/);
    expect(link!.refresh_token).not.toMatch(/shprt_/);
    const key = Buffer.from(env.VITRINA_SECRET_KEY!, 'base64');
    expect(openSecret(key, { sealed: link!.access_token, keyId: link!.access_token_key_id }, `${link!.shop_id}:access_token`)).toMatch(/^shpat_/);
    expect(openSecret(key, { sealed: link!.refresh_token, keyId: link!.refresh_token_key_id }, `${link!.shop_id}:refresh_token`)).toMatch(/^shprt_/);
    expect(Math.abs(link!.access_token_expires_at.getTime() - Date.now() - 3_600_000)).toBeLessThan(60_000);
    expect(Math.abs(link!.refresh_token_expires_at.getTime() - Date.now() - 90 * 86_400_000)).toBeLessThan(60_000);
    const { rows } = await sql<{ name: string }>`select name from shops where id = ${link!.shop_id}`.execute(db());
    expect(rows).toEqual([{ name: shop }]);

    // The same callback again (a reload): the code is spent, and no second shop appears.
    const again = await fetch(`${server.url}/shopify/auth/callback?${signedCallbackQuery({ shop, code, state })}`, { redirect: 'manual', headers: { cookie } });
    expect(again.status).toBe(502);
    expect((await sql<{ n: number }>`select count(*)::int as n from shopify_shops where myshopify_domain = ${shop}`.execute(db())).rows[0]!.n).toBe(1);
  });

  it('refuses a callback without a valid HMAC, or with a state that is not this browser’s or this shop’s', async () => {
    const shop = 'lantern-refused.myshopify.com';
    const { state, cookie } = await begin(shop);
    const forged = signedCallbackQuery({ shop, code: peer.issueCode(shop), state, secret: 'not-the-app-secret' });
    expect((await fetch(`${server.url}/shopify/auth/callback?${forged}`, { redirect: 'manual', headers: { cookie } })).status).toBe(401);
    const noCookie = signedCallbackQuery({ shop, code: peer.issueCode(shop), state });
    expect((await fetch(`${server.url}/shopify/auth/callback?${noCookie}`, { redirect: 'manual' })).status).toBe(403);
    const other = await begin('lantern-other.myshopify.com');
    const wrongShop = signedCallbackQuery({ shop, code: peer.issueCode(shop), state: other.state });
    expect((await fetch(`${server.url}/shopify/auth/callback?${wrongShop}`, { redirect: 'manual', headers: { cookie: other.cookie } })).status).toBe(403);
    expect(await linkOf(shop)).toBeUndefined();
  });

  it('answers 502 and creates nothing when the token endpoint refuses', async () => {
    const shop = 'lantern-down.myshopify.com';
    peer.failNext(500);
    const res = await installApp(server.url, peer, shop);
    expect(res.status).toBe(502);
    expect(await linkOf(shop)).toBeUndefined();
  });
});

describe('uninstall and reinstall', () => {
  it('marks the shop uninstalled with its tokens deleted, and a reinstall reactivates the same shop', async () => {
    const domain = 'lantern-again.myshopify.com';
    expect((await installApp(server.url, peer, domain)).status).toBe(302);
    const first = await linkOf(domain);
    const uninstalledAt = new Date();
    expect((await deliver(server.url, signedDelivery({ topic: 'app/uninstalled', domain, body: { id: 1, myshopify_domain: domain }, triggeredAt: uninstalledAt }))).status).toBe(200);
    await waitUntil(async () => (await linkOf(domain))!.status === 'uninstalled', 20_000);
    expect(await linkOf(domain)).toMatchObject({ access_token: null, access_token_key_id: null, refresh_token: null, access_token_expires_at: null });

    expect((await installApp(server.url, peer, domain)).status).toBe(302);
    const again = await linkOf(domain);
    expect(again).toMatchObject({ shop_id: first!.shop_id, status: 'active', uninstalled_at: null });
    expect(again!.access_token).not.toBeNull();
    expect(again!.installed_at.getTime()).toBeGreaterThan(first!.installed_at.getTime());
    expect((await sql<{ n: number }>`select count(*)::int as n from shops where name = ${domain}`.execute(db())).rows[0]!.n).toBe(1);

    // An app/uninstalled of before the reinstall, delivered late, changes nothing.
    const late = signedDelivery({ topic: 'app/uninstalled', domain, body: { id: 1, myshopify_domain: domain }, triggeredAt: new Date(uninstalledAt.getTime() - 1000) });
    expect((await deliver(server.url, late)).status).toBe(200);
    await waitUntil(async () => (await sql<{ status: string }>`select status from shopify_webhook_inbox where event_id = ${late.headers['x-shopify-event-id']}`.execute(db())).rows[0]?.status === 'applied', 20_000);
    expect(await linkOf(domain)).toMatchObject({ status: 'active' });

    // The merchant's view: status, scopes, expiries and the inbox, never a token.
    await sql`update shops set admin_key_hash = ${hashKey('ak_install_test_0123456789')} where id = ${first!.shop_id}`.execute(db());
    const view = await fetch(`${server.url}/v1/admin/shopify`, { headers: { authorization: 'Bearer ak_install_test_0123456789' } });
    expect(view.status).toBe(200);
    const body = await readJson(view);
    expect(body).toMatchObject({ domain, status: 'active', scopes: ['read_orders', 'read_products', 'read_customers', 'write_app_proxy'], webhooks: { pending: 0, applied: 2, failed: 0 } });
    expect(JSON.stringify(body)).not.toMatch(/shpat_|shprt_/);
    expect((await fetch(`${server.url}/v1/admin/shopify`)).status).toBe(401);
  });
});
