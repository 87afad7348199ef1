import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { profileJsonColumns } from '../migrations/20261128T0100-profiles-lz4.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';

let database: DatabaseHandle;
let shopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Compression Shop' })).shop_id;
}, 30_000);
afterAll(() => database?.close());

it('keeps the profile JSON columns lz4-compressed where Postgres has lz4, and reads a large profile back unchanged', async () => {
  const { rows: settings } = await sql<{ lz4: boolean }>`
    select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(database.db);
  const lz4 = settings[0]!.lz4;
  // attcompression: 'l' for lz4, '' for the server's default.
  const { rows: columns } = await sql<{ name: string; method: string }>`
    select attname as name, attcompression::text as method from pg_attribute
    where attrelid = 'profiles'::regclass and attname = any(${profileJsonColumns}) order by attname`.execute(database.db);
  expect(columns).toEqual([...profileJsonColumns].sort().map((name) => ({ name, method: lz4 ? 'l' : '' })));

  // A profile over the 2 KB threshold is compressed, with lz4 where the columns say so.
  const recent = Array.from({ length: 30 }, (_, i) => ['viewed', `lamp-${i}`, Date.UTC(2026, 10, 27, 10, i), 'anon-1']);
  const affinity = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Category ${i}`, i / 7]));
  await database.db
    .insertInto('profiles')
    .values({ shop_id: shopId, id: 'anon:big', recent_products: JSON.stringify(recent), category_affinity: JSON.stringify(affinity) })
    .execute();
  const { rows } = await sql<{ method: string | null; recent: unknown; affinity: unknown }>`
    select pg_column_compression(recent_products) as method, recent_products as recent, category_affinity as affinity
    from profiles where shop_id = ${shopId} and id = 'anon:big'`.execute(database.db);
  expect(rows[0]!.method).toBe(lz4 ? 'lz4' : 'pglz');
  expect(rows[0]!.recent).toEqual(recent);
  expect(rows[0]!.affinity).toEqual(affinity);
});
