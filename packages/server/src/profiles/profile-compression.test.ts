import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase, testDatabaseKind } from '../test-support/test-database.js';

let database: DatabaseHandle;
let shopId: string;

beforeAll(async () => {
  database = await openTestDatabase();
  shopId = (await createShop(database.db, { name: 'Compression Shop' })).shop_id;
}, 30_000);
afterAll(() => database?.close());

it('compresses a large profile with lz4 where Postgres has it (pglz on the embedded one) and reads it back unchanged', async () => {
  const recent = Array.from({ length: 30 }, (_, i) => ({ productId: `lamp-${i}`, at: `2026-11-27T10:${String(i).padStart(2, '0')}:00.000Z`, kind: 'view', category: 'Lighting', brand: 'Lumen' }));
  const affinity = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`Category ${i}`, i / 7]));
  await database.db
    .insertInto('profiles')
    .values({ shop_id: shopId, id: 'anon:big', recent_products: JSON.stringify(recent), category_affinity: JSON.stringify(affinity) })
    .execute();

  const { rows } = await sql<{ method: string | null; recent: unknown; affinity: unknown }>`
    select pg_column_compression(recent_products) as method, recent_products as recent, category_affinity as affinity
    from profiles where shop_id = ${shopId} and id = 'anon:big'`.execute(database.db);
  expect(rows[0]!.method).toBe(testDatabaseKind() === 'postgres' ? 'lz4' : 'pglz');
  expect(rows[0]!.recent).toEqual(recent);
  expect(rows[0]!.affinity).toEqual(affinity);
});
