import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerExportSchema } from '../privacy/customer-export.schema.js';
import { findValuesAnywhere } from '../privacy/test-fixtures.js';
import type { RunningServer } from '../server.js';
import { hashKey } from '../shops/keys.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { waitUntil } from '../test-support/wait-until.js';
import { deliver, installApp, orderPayload, shopifyTestEnv, signedDelivery, startTokenPeer, type TokenPeer } from './test-peer.js';

const domain = 'lantern-compliance.myshopify.com';
const ADMIN_KEY = 'ak_compliance_test_key_0123456789';
let server: RunningServer;
let peer: TokenPeer;
let shopId: string;

// Someone whose every value is distinctive, so that a scan of the database finds only them.
const zeb = { id: 7345678901234, email: 'Zebedee.Quixote@Example.test', first: 'Zebedee', last: 'Quixotic', street: '77 Zanzibar Row', phone: '+1 613 555 0177', tracking: '1ZZEBEDEE77' };
const zebValues = [String(zeb.id), zeb.email.toLowerCase(), zeb.first, zeb.last, zeb.street, zeb.phone, zeb.tracking];

function zebOrder(number: number, updatedAt: Date) {
  const body = orderPayload({ id: 6_000_000_000_000 + number, number, customerId: zeb.id, email: zeb.email, updatedAt, fulfillments: [{ createdAt: updatedAt, trackingNumber: zeb.tracking }] });
  body.customer = { id: zeb.id, email: zeb.email, first_name: zeb.first, last_name: zeb.last, phone: zeb.phone };
  body.shipping_address = { first_name: zeb.first, last_name: zeb.last, name: `${zeb.first} ${zeb.last}`, address1: zeb.street, city: 'Ottawa', zip: 'K1A 0B1', country_code: 'CA', phone: zeb.phone };
  return body;
}

const db = () => server.database.db;
const drained = () => waitUntil(async () => (await sql<{ n: number }>`select count(*)::int as n from shopify_webhook_inbox where shop_id = ${shopId} and status = 'pending'`.execute(db())).rows[0]!.n === 0, 20_000);
const send = async (topic: string, body: unknown, triggeredAt?: Date) => {
  const res = await deliver(server.url, signedDelivery({ topic, domain, body, ...(triggeredAt ? { triggeredAt } : {}) }));
  expect(res.status).toBe(200);
  await drained();
};
const admin = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...init.headers } });

beforeAll(async () => {
  peer = await startTokenPeer();
  server = await startTestServer({ env: shopifyTestEnv({ SHOPIFY_ADMIN_ORIGIN_OVERRIDE: peer.url }) });
  expect((await installApp(server.url, peer, domain)).status).toBe(302);
  shopId = (await sql<{ shop_id: string }>`select shop_id from shopify_shops where myshopify_domain = ${domain}`.execute(db())).rows[0]!.shop_id;
  // The admin key createShop made at install was never shown; give the shop one the test knows.
  await sql`update shops set admin_key_hash = ${hashKey(ADMIN_KEY)} where id = ${shopId}`.execute(db());
  await send('orders/create', zebOrder(4001, new Date('2026-12-05T10:00:00Z')));
  await send('orders/create', orderPayload({ number: 4002, customerId: 1111, email: 'someone.else@example.test', updatedAt: new Date('2026-12-05T11:00:00Z') }));
}, 60_000);
afterAll(async () => {
  await server?.close();
  await peer?.close();
});

describe('customers/data_request', () => {
  it('stores the customer export for the merchant, who fetches it and deletes it once handed over', async () => {
    await send('customers/data_request', { shop_id: 1, shop_domain: domain, orders_requested: [6_000_000_004_001], customer: { id: zeb.id, email: zeb.email, phone: zeb.phone }, data_request: { id: 9999 } });
    const res = await admin('/v1/admin/shopify/data-requests');
    expect(res.status).toBe(200);
    const { dataRequests } = await readJson(res);
    expect(dataRequests).toHaveLength(1);
    expect(dataRequests[0]).toMatchObject({ data_request_id: '9999', customer_id: String(zeb.id), email: zeb.email.toLowerCase() });
    const doc = dataRequests[0].document;
    expect(customerExportSchema.safeParse(doc).success).toBe(true);
    expect(doc.orders.map((o: { id: string }) => o.id)).toEqual(['4001']);
    expect(JSON.stringify(doc)).not.toContain('someone.else@example.test');
    // A second request is a second document; deleting one leaves the other.
    await send('customers/data_request', { shop_id: 1, shop_domain: domain, orders_requested: [], customer: { id: zeb.id, email: zeb.email }, data_request: { id: 10000 } });
    const both = (await readJson(await admin('/v1/admin/shopify/data-requests'))).dataRequests;
    expect(both).toHaveLength(2);
    expect((await admin(`/v1/admin/shopify/data-requests/${both[1].id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await readJson(await admin('/v1/admin/shopify/data-requests'))).dataRequests.map((d: { data_request_id: string }) => d.data_request_id)).toEqual(['10000']);
  });
});

describe('customers/redact', () => {
  it('leaves none of their data anywhere, keeps the order for the books, and a later order of theirs is stored anonymized without a profile', async () => {
    expect(await findValuesAnywhere(db(), zebValues)).not.toEqual([]);
    await send('customers/redact', { shop_id: 1, shop_domain: domain, customer: { id: zeb.id, email: zeb.email, phone: zeb.phone }, orders_to_redact: [6_000_000_004_001] });
    expect(await findValuesAnywhere(db(), zebValues)).toEqual([]);
    const kept = await sql<Record<string, unknown>>`select customer_id, email, total, shipping_address from orders where shop_id = ${shopId} and id = '4001'`.execute(db());
    expect(kept.rows[0]).toEqual({ customer_id: null, email: null, total: 199, shipping_address: { country: 'CA' } });
    // Someone else is untouched.
    expect((await sql<{ email: string }>`select email from orders where shop_id = ${shopId} and id = '4002'`.execute(db())).rows[0]!.email).toBe('someone.else@example.test');

    // Shopify (or a late retry) sends another order of theirs: stored for the books, without them.
    await send('orders/create', zebOrder(4003, new Date('2026-12-06T10:00:00Z')));
    const later = await sql<Record<string, unknown>>`select customer_id, email, tracking_number, source from orders where shop_id = ${shopId} and id = '4003'`.execute(db());
    expect(later.rows[0]).toEqual({ customer_id: null, email: null, tracking_number: null, source: 'shopify' });
    const profiles = await sql<{ n: number }>`select count(*)::int as n from profiles where shop_id = ${shopId} and id = ${String(zeb.id)}`.execute(db());
    expect(profiles.rows[0]!.n).toBe(0);
    expect(await findValuesAnywhere(db(), zebValues)).toEqual([]);
    const audit = await sql<{ actor: string }>`select actor from privacy_audit where shop_id = ${shopId} and action = 'erase_customer'`.execute(db());
    expect(audit.rows.map((r) => r.actor)).toContain('shopify:customers/redact');
  });
});

describe('shop/redact', () => {
  it('is ignored while the app is installed, and erases the shop once it was uninstalled', async () => {
    await send('shop/redact', { shop_id: 1, shop_domain: domain });
    expect((await sql<{ n: number }>`select count(*)::int as n from shops where id = ${shopId}`.execute(db())).rows[0]!.n).toBe(1);

    await send('app/uninstalled', { id: 1, name: 'Lantern', domain, myshopify_domain: domain });
    const link = await sql<Record<string, unknown>>`select status, access_token, refresh_token from shopify_shops where shop_id = ${shopId}`.execute(db());
    expect(link.rows[0]).toEqual({ status: 'uninstalled', access_token: null, refresh_token: null });

    await send('shop/redact', { shop_id: 1, shop_domain: domain });
    const left = await sql<{ n: number }>`
      select (select count(*) from shops where id = ${shopId}) + (select count(*) from orders where shop_id = ${shopId})
           + (select count(*) from shopify_shops where shop_id = ${shopId}) + (select count(*) from shopify_webhook_inbox where shop_id = ${shopId}) as n`.execute(db());
    expect(Number(left.rows[0]!.n)).toBe(0);
    const audit = await sql<{ actor: string }>`select actor from privacy_audit where shop_id = ${shopId} and action = 'erase_shop'`.execute(db());
    expect(audit.rows).toEqual([{ actor: 'shopify:shop/redact' }]);
    // A retry of the redact after the shop is gone: answered 200, dropped.
    expect((await deliver(server.url, signedDelivery({ topic: 'shop/redact', domain, body: { shop_id: 1, shop_domain: domain } }))).status).toBe(200);
  });
});
