import { insertProducts } from '../catalog/products.repository.js';
import { insertCustomers } from '../customers/customers.repository.js';
import type { Db } from '../db/database.js';
import { ingestBatch } from '../ingest/ingest.service.js';
import { recordOrders } from '../orders/orders.service.js';
import { enqueueMessage } from '../outbox/outbox.service.js';
import { recordOrdersInProfiles } from '../profiles/profiles.service.js';
import { insertRule } from '../recommend/recommend.repository.js';
import { rebuildShopModels } from '../recommend/model-builder.service.js';
import { appendClaimEvent, insertClaim } from '../service-center/claims.repository.js';
import { insertLookupAttempt } from '../service-center/lookup-attempts.repository.js';
import { insertServicePoints } from '../service-points/service-points.repository.js';
import { seedShopifyPersonFixture, seedShopifyShopFixture } from '../shopify/test-fixtures.js';
import { seedCampaignPersonFixture, seedCampaignShopFixture } from '../campaigns/test-fixtures.js';
import { sql } from 'kysely';

/** A person with data in every slice; each value is distinctive, so a scan of the database finds only them. */
export interface FixturePerson {
  customerId: string;
  devices: [string, string];
  email: string;
  phone: string;
  firstName: string;
  lastName: string;
  street: string;
  ip: string;
  orderId: string;
  serial: string;
  claimId: string;
  /** Message ids are the client's random ids: they name no one. */
  msgPrefix: string;
}

export const person = (tag: string, orderNo: number): FixturePerson => ({
  customerId: `cust-${tag}`,
  devices: [`dev-${tag}-phone`, `dev-${tag}-laptop`],
  email: `${tag}.Mailbox@Example.test`,
  phone: `+44 20 7946 ${String(orderNo).padStart(4, '0')}`,
  firstName: `Zeb${tag}`,
  lastName: `Quix${tag}`,
  street: `${orderNo} Ossory Lane ${tag}`,
  ip: `203.0.113.${orderNo % 250}`,
  orderId: `ORD-${orderNo}`,
  serial: `SN-${tag}-001`,
  claimId: `W-${tag.toUpperCase()}`,
  msgPrefix: `msg${orderNo}`,
});

/** The shop's catalog, a service point and a rule: the shop's own rows, which a customer's erasure leaves alone. */
export async function seedFixtureShop(db: Db, shopId: string): Promise<void> {
  await insertProducts(db, [
    { shop_id: shopId, id: 'p-hp', name: 'Headphones', category: 'Audio', brand: 'Sonora', price: 199, warranty_months: 24 },
    { shop_id: shopId, id: 'p-tea', name: 'Green Tea', category: 'Tea', brand: 'Chaya', price: 9 },
  ]);
  await insertServicePoints(db, [
    { shop_id: shopId, id: 'sp-1', name: 'Repair Point', address: '1 Test Street', city: 'Berlin', postal_code: '10115', lat: 52.5, lon: 13.4, email: 'repairs@points.test', hours: '', categories: [], brands: [] },
  ]);
  await insertRule(db, { shop_id: shopId, action: 'pin', target: 'product', value: 'p-hp' });
  await sql`insert into service_settings (shop_id, mail_from) values (${shopId}, 'shop@example.test') on conflict do nothing`.execute(db);
  await sql`insert into service_templates (shop_id, key, locale, subject, body) values (${shopId}, 'claim_confirmation', 'en', 'Hi', 'Body') on conflict do nothing`.execute(db);
  // A panel user with a session and a wrong password on record (merchant-users/).
  await sql`insert into merchant_users (shop_id, id, email, role, password_hash) values (${shopId}, 'mu-fixture', 'owner@fixture.test', 'owner', 'scrypt$1$1$1$AA==$AA==') on conflict do nothing`.execute(db);
  await sql`insert into merchant_sessions (shop_id, token_hash, user_id, csrf_token, expires_at) values (${shopId}, 'fixture-token-hash', 'mu-fixture', 'csrf', now() + interval '1 hour') on conflict do nothing`.execute(db);
  await sql`insert into merchant_login_failures (shop_id, user_id, address) values (${shopId}, 'mu-fixture', '192.0.2.1')`.execute(db);
  // A rotated write key still in its overlap, which is also the audit of the rotation (shops/).
  await sql`insert into shop_key_rotations (shop_id, kind, old_key, old_key_expires_at, actor) values (${shopId}, 'write', ${`wk_fixture_old_${shopId}`}, now() + interval '1 hour', 'owner@fixture.test')`.execute(db);
  // Its Shopify link, a product version and an applied delivery (shopify/).
  await seedShopifyShopFixture(db, shopId);
  // A segment, a campaign with a recipient and a click, settings, an unsubscribe (campaigns/).
  await seedCampaignShopFixture(db, shopId);
}

/**
 * Gives `p` data in every slice: events from two devices (one identified
 * later, so profiles merge) with traits, an IP and a consent change; a
 * rejected event; a customer record; a trusted order with their address,
 * phone and a serial number, counted in their profile; a warranty claim with a
 * photo and its history; e-mails to them and about their claim; lookup
 * attempts on their order and from their address.
 */
export async function seedFixturePerson(db: Db, shopId: string, p: FixturePerson): Promise<void> {
  const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  const ctx = { ip: p.ip, userAgent: 'Mozilla/5.0 test' };
  await ingestBatch(db, shopId, {
    batch: [
      { type: 'page', messageId: `${p.msgPrefix}-m1`, anonymousId: p.devices[0], timestamp: at(60), context: ctx, properties: { path: '/' } },
      { type: 'track', messageId: `${p.msgPrefix}-m2`, anonymousId: p.devices[0], event: 'Product Viewed', timestamp: at(59), context: ctx, properties: { product_id: 'p-hp' } },
      { type: 'track', messageId: `${p.msgPrefix}-m3`, anonymousId: p.devices[1], event: 'Products Searched', timestamp: at(58), context: { ...ctx, consent: { analytics: true, marketing: true } }, properties: { query: 'tea' } },
      { type: 'identify', messageId: `${p.msgPrefix}-m4`, anonymousId: p.devices[1], timestamp: at(57), context: ctx, traits: { email: p.email, firstName: p.firstName, lastName: p.lastName, phone: p.phone } },
      { type: 'identify', messageId: `${p.msgPrefix}-m5`, anonymousId: p.devices[0], userId: p.customerId, timestamp: at(56), context: ctx, traits: { email: p.email } },
      { type: 'alias', messageId: `${p.msgPrefix}-m6`, anonymousId: p.devices[1], userId: p.customerId, previousId: p.devices[1], timestamp: at(55), context: ctx },
      // Rejected (no event name): kept in failed_events as sent.
      { type: 'track', messageId: `${p.msgPrefix}-bad`, anonymousId: p.devices[0], timestamp: at(54), properties: { email: p.email } },
    ],
  });
  await insertCustomers(db, [{ shop_id: shopId, id: p.customerId, email: p.email, first_name: p.firstName, last_name: p.lastName, city: 'Berlin', postal_code: '10115', address: p.street, region: 'DE' }]);
  const placedAt = new Date(Date.now() - 30 * 86_400_000);
  await db.transaction().execute(async (tx) => {
    await recordOrdersInProfiles(tx, shopId, [{ orderId: p.orderId, customerId: p.customerId, total: 208, placedAt, region: 'DE', checkout: { deliveryMethod: 'courier', address: { name: `${p.firstName} ${p.lastName}`, line1: p.street, city: 'Berlin' } } }]);
    await recordOrders(tx, [
      {
        order: {
          shop_id: shopId, id: p.orderId, customer_id: p.customerId, anonymous_id: p.devices[0], email: p.email, status: 'delivered', placed_at: placedAt, total: 208, currency: 'EUR',
          delivery_method: 'courier', payment_type: 'card', source: 'import', carrier: 'DHL', tracking_number: `TRK-${p.customerId}`, delivered_at: placedAt,
          shipping_address: { name: `${p.firstName} ${p.lastName}`, line1: p.street, city: 'Berlin', postalCode: '10115', country: 'DE', phone: p.phone },
        },
        items: [
          { shop_id: shopId, order_id: p.orderId, line_no: 1, product_id: 'p-hp', name: 'Headphones', quantity: 1, unit_price: 199, serial_numbers: [p.serial] },
          { shop_id: shopId, order_id: p.orderId, line_no: 2, product_id: 'p-tea', name: 'Green Tea', quantity: 1, unit_price: 9, serial_numbers: [] },
        ],
        timeline: [
          { status: 'placed', at: placedAt },
          { status: 'delivered', at: placedAt, note: `Left with ${p.firstName} at ${p.street}` },
        ],
      },
    ]);
  });
  await insertClaim(db, {
    shop_id: shopId, id: p.claimId, order_id: p.orderId, line_no: 1, product_id: 'p-hp', product_name: 'Headphones', serial_number: p.serial, email: p.email,
    customer_name: `${p.firstName} ${p.lastName}`, problem: `Left ear silent, call ${p.phone}`, photo: Buffer.from(`photo of ${p.firstName}`), photo_type: 'image/png',
    service_point_id: 'sp-1', distance_km: 2, status: 'submitted', locale: 'en',
  });
  await appendClaimEvent(db, { shopId, claimId: p.claimId, status: 'submitted', note: `Filed by ${p.firstName}`, actor: 'shopper' });
  await enqueueMessage(db, { shopId, kind: 'claim_confirmation', to: p.email, from: 'shop@example.test', subject: `Your claim ${p.claimId}`, text: `Dear ${p.firstName} ${p.lastName}`, ref: `claim:${p.claimId}` });
  await enqueueMessage(db, { shopId, kind: 'claim_request', to: 'repairs@points.test', from: 'shop@example.test', subject: `Repair ${p.claimId}`, text: `Customer ${p.firstName} ${p.lastName}, ${p.email}, ${p.phone}`, ref: `claim:${p.claimId}` });
  await insertLookupAttempt(db, shopId, 'order', p.orderId);
  await insertLookupAttempt(db, shopId, 'ip', p.ip);
  // A Shopify data-request export about them and a failed delivery naming them (shopify/).
  await seedShopifyPersonFixture(db, shopId, p);
  // A campaign e-mail to them, their click and their unsubscribe (campaigns/).
  await seedCampaignPersonFixture(db, shopId, p);
  await rebuildShopModels(db, shopId, { trigger: 'test' });
}

/** What must not be found anywhere after `p` is erased. Order numbers may remain (anonymized orders for the books). */
export function personalValues(p: FixturePerson): string[] {
  return [p.customerId, ...p.devices, p.email.toLowerCase(), p.phone, p.phone.replace(/\D/g, ''), p.firstName, p.lastName, p.street, p.ip, `TRK-${p.customerId}`];
}

/**
 * Every text, varchar, array, json and jsonb column of every table of the
 * current schema (from information_schema, not a list kept by hand), and for
 * each the rows where any of `values` occurs, case-insensitively.
 */
export async function findValuesAnywhere(db: Db, values: string[]): Promise<{ table: string; column: string; value: string; rows: number }[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join pg_class t on t.relname = c.table_name and t.relnamespace = to_regnamespace(current_schema())
    where c.table_schema = current_schema() and not t.relispartition and t.relkind in ('r', 'p')
      and c.data_type in ('text', 'character varying', 'ARRAY', 'json', 'jsonb', 'bytea')`.execute(db);
  const hits: { table: string; column: string; value: string; rows: number }[] = [];
  for (const { table_name, column_name, data_type } of columns) {
    for (const value of values) {
      const col = sql.ref(column_name);
      // bytea (photos) as escaped text, so that a photo holding the name is found too.
      const text = data_type === 'bytea' ? sql`encode(${col}, 'escape')` : sql`${col}::text`;
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table_name)} where strpos(lower(${text}), ${value.toLowerCase()}) > 0`.execute(db);
      if (rows[0]!.n > 0) hits.push({ table: table_name, column: column_name, value, rows: rows[0]!.n });
    }
  }
  return hits;
}
