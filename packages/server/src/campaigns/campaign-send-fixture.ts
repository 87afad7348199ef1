import { sql } from 'kysely';
import type { VitrinaEvent } from '@vitrina/protocol';
import { insertProducts } from '../catalog/products.repository.js';
import { insertCustomers } from '../customers/customers.repository.js';
import type { Db } from '../db/database.js';
import { ingestBatch } from '../ingest/ingest.service.js';
import { recordOrders } from '../orders/orders.service.js';
import { identifierHash } from '../privacy/identifiers.js';
import { findOrCreateSalt, insertSuppressedIdentifiers } from '../privacy/suppression.repository.js';
import { recordOrdersInProfiles } from '../profiles/profiles.service.js';
import { rebuildShopModels } from '../recommend/model-builder.service.js';
import { insertUnsubscribe } from './campaigns.repository.js';

const DAY = 86_400_000;
export const CATEGORIES = ['Coffee', 'Tea', 'Audio', 'Lighting', 'Books', 'Garden', 'Toys', 'Kitchen'];

/** Who a fixture shopper is, and what the campaign must do with them. */
export interface SendFixtureShopper {
  i: number;
  customerId: string;
  email: string | null;
  firstName: string;
  /** The product they viewed yesterday: the showcase shows it as "You looked at this recently". */
  viewedName: string;
  kind: 'eligible' | 'capped' | 'no_consent' | 'consent_unknown' | 'suppressed' | 'unsubscribed' | 'no_email';
}

const productName = (cat: number, k: number) => `${CATEGORIES[cat]} pick ${k}`;

/**
 * A shop of `eligible + 50` shoppers: the shop's customer records (name,
 * address), the real ingest path (identify with consent in the context, a
 * product view) and the trusted order path:
 * `eligible` who may be mailed, of whom the first `capped` already had two
 * marketing e-mails this week (two earlier campaigns), and 10 of each kind
 * that must get nothing: consent refused, consent never given, suppressed
 * (their address's hash on the suppression list, as an erasure leaves it),
 * unsubscribed, no address.
 * Each shopper leans to one of 8 categories; the models are built at the end.
 */
export async function seedSendFixture(db: Db, shopId: string, o: { eligible: number; capped: number; now?: Date }): Promise<SendFixtureShopper[]> {
  const now = o.now ?? new Date();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  await insertProducts(
    db,
    CATEGORIES.flatMap((category, cat) =>
      Array.from({ length: 5 }, (_, k) => ({ shop_id: shopId, id: `p-${cat}-${k}`, name: productName(cat, k), category, brand: `Brand ${k}`, price: 10 + k, url: `https://shop.example/p/${cat}-${k}` })),
    ),
  );
  const kinds: SendFixtureShopper['kind'][] = [];
  for (let i = 0; i < o.eligible; i++) kinds.push(i < o.capped ? 'capped' : 'eligible');
  for (const k of ['no_consent', 'consent_unknown', 'suppressed', 'unsubscribed', 'no_email'] as const) for (let j = 0; j < 10; j++) kinds.push(k);
  const shoppers: SendFixtureShopper[] = kinds.map((kind, i) => ({
    i,
    customerId: `shopper-${i}`,
    email: kind === 'no_email' ? null : `shopper-${i}@mail.test`,
    firstName: `Name${i}`,
    viewedName: productName(i % 8, i % 5),
    kind,
  }));

  const events: VitrinaEvent[] = shoppers.flatMap((s) => {
    const consent = s.kind === 'no_consent' ? { analytics: true, marketing: false } : s.kind === 'consent_unknown' ? { analytics: true } : { analytics: true, marketing: true };
    const context = { consent };
    return [
      { type: 'identify', messageId: `m-${s.i}-id`, anonymousId: `dev-${s.i}`, userId: s.customerId, timestamp: ago(3).toISOString(), context, traits: { firstName: s.firstName } },
      { type: 'track', messageId: `m-${s.i}-view`, anonymousId: `dev-${s.i}`, userId: s.customerId, event: 'Product Viewed', timestamp: ago(1).toISOString(), context, properties: { product_id: `p-${s.i % 8}-${s.i % 5}`, category: CATEGORIES[s.i % 8] } },
    ] as VitrinaEvent[];
  });
  for (let k = 0; k < events.length; k += 1000) await ingestBatch(db, shopId, { batch: events.slice(k, k + 1000) });

  // The shop's own customer records: where a profile's address comes from (an unsigned identify cannot set it).
  await insertCustomers(db, shoppers.map((s) => ({ shop_id: shopId, id: s.customerId, email: s.email, first_name: s.firstName, last_name: null, region: 'DE' })));
  // Each bought another product of their category some days ago.
  const orders = shoppers.map((s) => ({ s, orderId: `o-${s.i}`, placedAt: ago(5 + (s.i % 20)), productId: `p-${s.i % 8}-${(s.i + 1) % 5}` }));
  await db.transaction().execute(async (tx) => {
    await recordOrdersInProfiles(tx, shopId, orders.map((x) => ({ orderId: x.orderId, customerId: x.s.customerId, total: 20, placedAt: x.placedAt })));
    await recordOrders(
      tx,
      orders.map((x) => ({
        order: { shop_id: shopId, id: x.orderId, customer_id: x.s.customerId, anonymous_id: null, email: x.s.email, status: 'delivered', placed_at: x.placedAt, total: 20, currency: 'EUR', source: 'import' },
        items: [{ shop_id: shopId, order_id: x.orderId, line_no: 1, product_id: x.productId, name: x.productId, quantity: 1, unit_price: 20, serial_numbers: [] }],
      })),
    );
  });

  const salt = await findOrCreateSalt(db, shopId);
  const suppressed = shoppers.filter((s) => s.kind === 'suppressed');
  await insertSuppressedIdentifiers(db, shopId, suppressed.map((s) => ({ hash: identifierHash(salt, 'email', s.email!), kind: 'email' as const })));
  for (const s of shoppers.filter((x) => x.kind === 'unsubscribed')) await insertUnsubscribe(db, shopId, s.email!, null);

  // Two marketing e-mails this week already, for the capped shoppers.
  const definition = JSON.stringify({ type: 'marketing_consent', value: true });
  for (const c of ['cmp-earlier-1', 'cmp-earlier-2']) {
    await sql`insert into campaigns (shop_id, id, name, definition, subject, status, started_at, finished_at) values (${shopId}, ${c}, ${c}, ${definition}::jsonb, 'Earlier', 'sent', ${ago(2)}, ${ago(2)})`.execute(db);
    for (const s of shoppers.filter((x) => x.kind === 'capped')) {
      await sql`insert into campaign_recipients (shop_id, campaign_id, profile_id, email, customer_id, holdout, status, sent_at)
        select ${shopId}, ${c}, p.id, lower(p.email), p.customer_id, false, 'sent', ${ago(2)} from profiles p where p.shop_id = ${shopId} and p.customer_id = ${s.customerId}`.execute(db);
    }
  }
  await rebuildShopModels(db, shopId, { trigger: 'test', now });
  return shoppers;
}
