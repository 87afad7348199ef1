import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database.js';
import { createShop } from '../shops/shops.service.js';
import { openTestDatabase } from '../test-support/test-database.js';
import { eraseCustomer } from './erase-customer.service.js';
import { eraseShop, listShopTables } from './erase-shop.service.js';
import { person, seedFixturePerson, seedFixtureShop } from './test-fixtures.js';

let t: DatabaseHandle;
let doomed: string;
let kept: string;

// Tables that are not a shop's: the migrator's own, and the job runner's global schedule.
const notShopTables = ['kysely_migration', 'kysely_migration_lock', 'scheduled_jobs', 'shops'];

async function fill(shopId: string, tag: string, n: number) {
  await seedFixtureShop(t.db, shopId);
  await seedFixturePerson(t.db, shopId, person(`${tag}1`, n));
  await seedFixturePerson(t.db, shopId, person(`${tag}2`, n + 1));
  // An erasure fills the suppression list and the audit.
  await eraseCustomer(t.db, shopId, { userId: `cust-${tag}2` }, 'test');
}

/** Rows and a checksum of every shop table's rows of one shop. */
async function fingerprint(shopId: string): Promise<Record<string, { rows: number; md5: string | null }>> {
  const out: Record<string, { rows: number; md5: string | null }> = {};
  for (const table of [...(await listShopTables(t.db)), 'shops']) {
    const key = table === 'shops' ? 'id' : 'shop_id';
    const { rows } = await sql<{ rows: number; md5: string | null }>`
      select count(*)::int as rows, md5(string_agg(x::text, '|' order by x::text)) as md5 from ${sql.table(table)} x where ${sql.ref(key)} = ${shopId}`.execute(t.db);
    out[table] = rows[0]!;
  }
  return out;
}

beforeAll(async () => {
  t = await openTestDatabase();
  doomed = (await createShop(t.db, { name: 'Closing down' })).shop_id;
  kept = (await createShop(t.db, { name: 'Staying' })).shop_id;
  await fill(doomed, 'd', 2001);
  await fill(kept, 'k', 3001);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('eraseShop', () => {
  it('covers every table: each one has a shop_id column, and the fixture gives each of them rows', async () => {
    const { rows } = await sql<{ name: string }>`
      select c.relname as name from pg_class c where c.relnamespace = to_regnamespace(current_schema()) and c.relkind in ('r', 'p') and not c.relispartition
      and not exists (select 1 from information_schema.columns k where k.table_schema = current_schema() and k.table_name = c.relname and k.column_name = 'shop_id')`.execute(t.db);
    expect(rows.map((r) => r.name).sort()).toEqual([...notShopTables].sort());
    const before = await fingerprint(doomed);
    const empty = Object.entries(before).filter(([, v]) => v.rows === 0).map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it('leaves zero rows of the shop in any table and the other shop byte-identical', async () => {
    const other = await fingerprint(kept);
    const result = await eraseShop(t.db, doomed, 'test');
    expect(result.ok).toBe(true);
    const after = await fingerprint(doomed);
    // The audit keeps one entry: that the shop was deleted, with what each table held (counts only).
    const left = Object.entries(after).filter(([, v]) => v.rows > 0);
    expect(left.map(([k, v]) => [k, v.rows])).toEqual([['privacy_audit', 1]]);
    const { rows } = await sql<{ action: string; rows: Record<string, number> }>`select action, rows from privacy_audit where shop_id = ${doomed}`.execute(t.db);
    expect(rows[0]!.action).toBe('erase_shop');
    expect(rows[0]!.rows.events).toBeGreaterThan(0);
    expect(await fingerprint(kept)).toEqual(other);
  });

  it('answers shop_not_found for a shop that does not exist', async () => {
    expect(await eraseShop(t.db, 'shop_nope', 'test')).toEqual({ ok: false, code: 'shop_not_found' });
  });
});
