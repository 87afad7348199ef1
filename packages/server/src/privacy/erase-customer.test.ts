import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { importOrdersCsv } from '../importer/import-orders.js';
import { ingestBatch, prepareBatch, storePreparedBatches } from '../ingest/ingest.service.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { customerExportSchema } from './customer-export.schema.js';
import { eraseCustomer, liftSuppression } from './erase-customer.service.js';
import { exportCustomer } from './export-customer.service.js';
import { findValuesAnywhere, person, personalValues, seedFixturePerson, seedFixtureShop } from './test-fixtures.js';

let t: DatabaseHandle;
let shopId: string;
const ann = person('ann', 1001);
const bob = person('bob', 1002);
const dir = mkdtempSync(join(tmpdir(), 'vitrina-erase-'));

const books = () => sql<{ n: number; revenue: number }>`select count(*)::int as n, coalesce(sum(total), 0)::float8 as revenue from orders where shop_id = ${shopId}`.execute(t.db).then((r) => r.rows[0]!);
const rowsOf = (table: string, where: string) =>
  sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where shop_id = ${shopId} and ${sql.raw(where)}`.execute(t.db).then((r) => r.rows[0]!.n);

beforeAll(async () => {
  t = await openTestDatabase();
  shopId = (await createShop(t.db, { name: 'Erasure' })).shop_id;
  await seedFixtureShop(t.db, shopId);
  await seedFixturePerson(t.db, shopId, ann);
  await seedFixturePerson(t.db, shopId, bob);
}, 60_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exportCustomer', () => {
  it('returns every item held about the customer in one document that validates against its schema', async () => {
    const doc = await exportCustomer(t.db, shopId, { email: ann.email.toUpperCase() }, {}, 'test');
    expect(customerExportSchema.safeParse(JSON.parse(JSON.stringify(doc))).success).toBe(true);
    expect(doc.identifiers.customerIds).toEqual([ann.customerId]);
    expect(doc.identifiers.anonymousIds.sort()).toEqual([...ann.devices].sort());
    expect(doc.identifiers.phones).toEqual([ann.phone.replace(/\D/g, '')]);
    expect(doc.customerRecords).toMatchObject([{ id: ann.customerId, first_name: ann.firstName }]);
    expect(doc.profiles.map((p) => p.id)).toEqual([ann.customerId]);
    expect(doc.derived).toMatchObject([{ profileId: ann.customerId }]);
    expect(doc.identities.map((i) => i.value).sort()).toEqual([...ann.devices].sort());
    expect(doc.merges.length).toBeGreaterThan(0);
    expect(doc.events.map((e) => e.message_id).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((m) => `${ann.msgPrefix}-${m}`));
    expect(doc.events.some((e) => (e.context as { consent?: unknown }).consent)).toBe(true);
    expect(doc.failedEvents).toHaveLength(1);
    expect(doc.orders).toMatchObject([{ id: ann.orderId, items: [{ serial_numbers: [ann.serial] }, { product_id: 'p-tea' }] }]);
    expect(doc.claims).toMatchObject([{ id: ann.claimId, serial_number: ann.serial, history: [{ status: 'submitted' }] }]);
    expect(Buffer.from(doc.claims[0]!.photo as string, 'base64').toString()).toBe(`photo of ${ann.firstName}`);
    expect(doc.emails.map((m) => m.kind).sort()).toEqual(['claim_confirmation', 'claim_request']);
    expect(doc.campaignEmails).toMatchObject([{ campaign_id: 'cmp-fixture', email: ann.email.toLowerCase(), first_name: ann.firstName, status: 'sent' }]);
    expect(doc.campaignClicks).toMatchObject([{ campaign_id: 'cmp-fixture', url: 'https://shop.test/p/2' }]);
    expect(doc.marketingUnsubscribes).toMatchObject([{ email: ann.email.toLowerCase() }]);
    expect(JSON.stringify(doc)).not.toContain(bob.email.toLowerCase());
  });
});

describe('eraseCustomer', () => {
  let before: { n: number; revenue: number };
  let bobBefore: unknown;

  beforeAll(async () => {
    before = await books();
    bobBefore = await exportCustomer(t.db, shopId, { userId: bob.customerId }, {}, 'test');
  });

  it('leaves none of their personal data in any column of any table, and keeps the books', async () => {
    expect(await findValuesAnywhere(t.db, personalValues(ann))).not.toEqual([]);
    const result = await eraseCustomer(t.db, shopId, { anonymousId: ann.devices[1] }, 'test');
    expect(result.rows).toMatchObject({ events: 6, failed_events: 1, customers: 1, service_claims: 1, outbox_messages: 2, orders: 1, profiles: 1 });
    expect(result.suppressed).toEqual({ user: 1, anonymous: 2, email: 1, phone: 1 });

    // Order numbers stay on the anonymized order kept for the books (and its lines and timeline).
    expect(await findValuesAnywhere(t.db, personalValues(ann))).toEqual([]);
    expect(await books()).toEqual(before);
    const [order] = (await sql<Record<string, unknown>>`select * from orders where shop_id = ${shopId} and id = ${ann.orderId}`.execute(t.db)).rows;
    expect(order).toMatchObject({ customer_id: null, anonymous_id: null, email: null, shipping_address: { country: 'DE' }, total: 208 });
  });

  it('leaves another customer untouched', async () => {
    const bobAfter = await exportCustomer(t.db, shopId, { userId: bob.customerId }, {}, 'test');
    const { exportedAt: _a, ...a } = bobBefore as Record<string, unknown>;
    const { exportedAt: _b, ...b } = bobAfter as Record<string, unknown>;
    expect(b).toEqual(a);
  });

  it('stores nothing of a later event that carries an erased device or e-mail, on both claim paths', async () => {
    const late = [
      { type: 'page', messageId: 'late-1', anonymousId: ann.devices[0], context: { ip: ann.ip } },
      { type: 'identify', messageId: 'late-2', anonymousId: 'dev-new-tablet', traits: { email: ann.email } },
      { type: 'track', messageId: 'late-3', anonymousId: 'dev-new-tablet', userId: ann.customerId, event: 'Product Viewed', properties: { product_id: 'p-hp' } },
      { type: 'page', messageId: 'late-ok', anonymousId: 'dev-stranger' },
    ];
    const r = await ingestBatch(t.db, shopId, { batch: late });
    expect(r.accepted).toBe(1);
    // The plain claim (the group commit's first try) leaves them out as well.
    const prepared = prepareBatch(shopId, { batch: late.map((e) => ({ ...e, messageId: `${e.messageId}-plain` })) }, new Date());
    const [accepted] = await t.db.transaction().execute((tx) => storePreparedBatches(tx, [prepared], false));
    expect(accepted).toBe(1);
    expect(await rowsOf('events', `message_id like 'late-%' and anonymous_id <> 'dev-stranger'`)).toBe(0);
    expect(await rowsOf('profiles', `id in ('anon:${ann.devices[0]}', 'anon:dev-new-tablet', '${ann.customerId}')`)).toBe(0);
    expect(await rowsOf('profiles', `id = 'anon:dev-stranger'`)).toBe(1);
    expect(await findValuesAnywhere(t.db, personalValues(ann))).toEqual([]);
  });

  it('imports an erased customer\'s orders anonymized, with no customer record or profile', async () => {
    const file = join(dir, 'orders.csv');
    writeFileSync(file, ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country', `9001,p-tea,Green Tea,2,2026-11-01 10:00:00,9,${ann.customerId},Germany`, `9002,p-tea,Green Tea,1,2026-11-01 10:00:00,9,cust-new,Germany`].join('\n') + '\n');
    const s = await importOrdersCsv(t.db, shopId, file);
    expect(s.suppressedOrders).toBe(1);
    expect(s.orders.new).toBe(2);
    expect(await rowsOf('orders', `id = '9001' and customer_id is null`)).toBe(1);
    expect(await rowsOf('profiles', `id = 'cust-new'`)).toBe(1);
    expect(await findValuesAnywhere(t.db, personalValues(ann))).toEqual([]);
  });

  it('lets an admin lift the suppression, after which the customer is known again', async () => {
    expect(await liftSuppression(t.db, shopId, { anonymousId: ann.devices[0] }, 'test')).toBe(1);
    const r = await ingestBatch(t.db, shopId, { batch: [{ type: 'page', messageId: 'back-1', anonymousId: ann.devices[0] }] });
    expect(r.accepted).toBe(1);
    expect(await rowsOf('profiles', `id = 'anon:${ann.devices[0]}'`)).toBe(1);
  });

  it('writes each action to the audit with counts and no personal data', async () => {
    const { rows } = await sql<{ action: string; rows: Record<string, number> }>`select action, rows from privacy_audit where shop_id = ${shopId} order by id`.execute(t.db);
    expect(rows.map((r) => r.action)).toEqual(['export_customer', 'export_customer', 'erase_customer', 'export_customer', 'lift_suppression']);
    expect(rows[2]!.rows.events).toBe(6);
  });
});
