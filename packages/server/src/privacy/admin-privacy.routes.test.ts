import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server.js';
import { createShop, type CreatedShop } from '../shops/shops.service.js';
import { readJson, startTestServer } from '../test-support/test-database.js';
import { customerExportSchema } from './customer-export.schema.js';
import { person, seedFixturePerson, seedFixtureShop } from './test-fixtures.js';

let s: RunningServer;
let a: CreatedShop;
let b: CreatedShop;
const ann = person('ann', 4001);

const call = (shop: CreatedShop | undefined, method: string, path: string, body?: unknown) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { ...(shop ? { authorization: `Bearer ${shop.admin_key}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
const eventsOfAnn = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from events where shop_id = ${a.shop_id} and anonymous_id = any(${ann.devices}::text[])`.execute(s.database.db)).rows[0]!.n;

beforeAll(async () => {
  s = await startTestServer();
  a = await createShop(s.database.db, { name: 'A' });
  b = await createShop(s.database.db, { name: 'B' });
  await seedFixtureShop(s.database.db, a.shop_id);
  await seedFixturePerson(s.database.db, a.shop_id, ann);
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('the admin API for data rights', () => {
  it('refuses every /v1/admin path without a valid admin key, routes that do not exist included', async () => {
    for (const [method, path] of [['POST', '/v1/admin/customers/erase'], ['GET', '/v1/admin/customers/export?email=x'], ['DELETE', '/v1/admin/shop'], ['GET', '/v1/admin/no-such-route']]) {
      expect((await call(undefined, method!, path!)).status).toBe(401);
    }
    expect((await call(a, 'GET', '/v1/admin/no-such-route')).status).toBe(404);
  });

  it('answers 400 naming what is wrong for a request that names no one, an unknown field or a NUL', async () => {
    for (const body of [{}, { mail: 'x@y.z' }, { email: 'a\u0000b' }]) {
      const res = await call(a, 'POST', '/v1/admin/customers/erase', body);
      expect(res.status).toBe(400);
      expect((await readJson(res)).error.code).toBe('invalid_request');
    }
  });

  it('exports a customer as a document that matches its schema', async () => {
    const res = await call(a, 'GET', `/v1/admin/customers/export?email=${encodeURIComponent(ann.email)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const doc = await readJson(res);
    expect(customerExportSchema.safeParse(doc).success).toBe(true);
    expect(doc.orders[0].items[0].serial_numbers).toEqual([ann.serial]);
  });

  it('exports a customer as a ZIP of CSV files that another ZIP reader opens', async () => {
    const res = await call(a, 'GET', `/v1/admin/customers/export?format=zip&email=${encodeURIComponent(ann.email)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const dir = mkdtempSync(join(tmpdir(), 'vitrina-zip-'));
    try {
      const file = join(dir, 'export.zip');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      // Python's zipfile, an independent reader: it checks every CRC.
      const listing = execFileSync('python3', ['-c', `import zipfile,sys,json
z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None
print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))`, file]).toString();
      const files = JSON.parse(listing) as Record<string, string>;
      expect(Object.keys(files)).toEqual(expect.arrayContaining(['customer.json', 'events.csv', 'orders.csv', 'order_items.csv', 'claims.csv', 'emails.csv']));
      expect(files['order_items.csv']).toContain(ann.serial);
      expect(files['events.csv']!.split('\r\n').filter(Boolean)).toHaveLength(1 + 6);
      expect(JSON.parse(files['customer.json']!).schemaVersion).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not let another shop erase or export this shop\'s customer', async () => {
    const exported = await readJson(await call(b, 'GET', `/v1/admin/customers/export?email=${encodeURIComponent(ann.email)}`));
    expect(exported.events).toEqual([]);
    expect(exported.orders).toEqual([]);
    expect((await call(b, 'POST', '/v1/admin/customers/erase', { email: ann.email })).status).toBe(200);
    expect(await eventsOfAnn()).toBe(6);
  });

  it('erases a customer and says how many rows each table lost', async () => {
    const res = await call(a, 'POST', '/v1/admin/customers/erase', { email: ann.email });
    expect(res.status).toBe(200);
    const body = await readJson(res);
    expect(body.rows).toMatchObject({ events: 6, orders: 1, customers: 1 });
    expect(await eventsOfAnn()).toBe(0);
    const audit = await readJson(await call(a, 'GET', '/v1/admin/privacy/audit'));
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['erase_customer', 'export_customer', 'export_customer']);
  });

  it('keeps failed events 30 days and raw events until erased by default, and takes the shop\'s own periods', async () => {
    expect(await readJson(await call(a, 'GET', '/v1/admin/privacy/retention'))).toEqual({ eventRetentionDays: null, failedEventRetentionDays: 30 });
    const set = await call(a, 'PUT', '/v1/admin/privacy/retention', { eventRetentionDays: 400, failedEventRetentionDays: 7 });
    expect(await readJson(set)).toEqual({ eventRetentionDays: 400, failedEventRetentionDays: 7 });
    expect((await call(a, 'PUT', '/v1/admin/privacy/retention', { eventRetentionDays: 0 })).status).toBe(400);
    expect(await readJson(await call(a, 'PUT', '/v1/admin/privacy/retention', { eventRetentionDays: null }))).toEqual({ eventRetentionDays: null, failedEventRetentionDays: 7 });
  });

  it('deletes the shop only with the shop id as confirmation, after which its key is refused', async () => {
    const wrong = await call(b, 'DELETE', '/v1/admin/shop', { confirm: 'yes' });
    expect(wrong.status).toBe(400);
    expect((await readJson(wrong)).error.code).toBe('confirmation_mismatch');
    const res = await call(b, 'DELETE', '/v1/admin/shop', { confirm: b.shop_id });
    expect(res.status).toBe(200);
    expect((await readJson(res)).deleted).toBe(b.shop_id);
    expect((await call(b, 'GET', '/v1/admin/privacy/audit')).status).toBe(401);
    expect((await call(a, 'GET', '/v1/admin/privacy/audit')).status).toBe(200);
  });
});
