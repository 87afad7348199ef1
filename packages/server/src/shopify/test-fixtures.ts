import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { insertDataRequest } from './data-requests.repository.js';
import { sealSecret } from './sealed-secret.js';
import { claimProductVersion, upsertOrderRef } from './shopify-resources.repository.js';
import { insertShopifyShop } from './shopify-shops.repository.js';
import { insertInboxRow, markInboxAttemptFailed } from './webhook-inbox.repository.js';

/** The Shopify slice's rows of a shop for the data-rights tests: its link (tokens sealed), a product version, an applied delivery. */
export async function seedShopifyShopFixture(db: Db, shopId: string): Promise<void> {
  const key = randomBytes(32);
  await insertShopifyShop(db, shopId, `${shopId.toLowerCase().replace(/[^a-z0-9-]/g, '-')}.myshopify.com`, {
    scopes: 'read_orders',
    accessToken: sealSecret(key, 'shpat_fixture', `${shopId}:access_token`),
    accessTokenExpiresAt: new Date(Date.now() + 3_600_000),
    refreshToken: sealSecret(key, 'shprt_fixture', `${shopId}:refresh_token`),
    refreshTokenExpiresAt: new Date(Date.now() + 90 * 86_400_000),
  });
  await claimProductVersion(db, shopId, 'p-hp', new Date());
  await insertInboxRow(db, { shop_id: shopId, event_id: `evt-${shopId}-products`, webhook_id: null, topic: 'products/update', api_version: '2026-10', triggered_at: new Date(), body: null, status: 'applied', last_error: null, applied_at: new Date() });
}

/**
 * What the Shopify slice may hold about a person: the export of a
 * `customers/data_request` about them, a delivery naming them that was given
 * up on (its body kept), and the link of their order to Shopify's id.
 */
export async function seedShopifyPersonFixture(db: Db, shopId: string, p: { customerId: string; email: string; orderId: string; firstName: string }): Promise<void> {
  await insertDataRequest(db, { shopId, dataRequestId: `dr-${p.customerId}`, customerId: p.customerId, email: p.email.toLowerCase(), document: { customer: { id: p.customerId, email: p.email, name: p.firstName } } });
  const eventId = `evt-${p.orderId}-failed`;
  await insertInboxRow(db, {
    shop_id: shopId,
    event_id: eventId,
    webhook_id: null,
    topic: 'orders/updated',
    api_version: '2026-10',
    triggered_at: new Date(),
    body: JSON.stringify({ id: 1, note: `for ${p.firstName}`, customer: { id: p.customerId, email: p.email } }),
    last_error: null,
    applied_at: null,
  });
  await markInboxAttemptFailed(db, { shop_id: shopId, event_id: eventId, attempts: 0 }, 'fixture', undefined);
  await upsertOrderRef(db, shopId, `gid-${p.orderId}`, p.orderId);
}
