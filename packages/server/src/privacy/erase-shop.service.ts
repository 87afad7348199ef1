import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { deleteShopEvents } from '../ingest/index.js';
import { deleteShopProfiles } from '../profiles/index.js';
import { deleteShopRow, forgetWriteKey } from '../shops/index.js';
import { insertAuditEntry } from './audit.repository.js';

export type ShopErasure = { ok: true; rows: Record<string, number> } | { ok: false; code: 'shop_not_found' };

/**
 * Deletes a shop and every row it owns, in one transaction: the tables
 * without a foreign key to shops (events, event ids, failed events, the
 * profile tables, the privacy audit) explicitly, the rest by cascade. What
 * each table held is counted first (every table of the schema with a shop_id
 * column, found in information_schema), and the audit keeps one entry with
 * those counts: the record that the shop was deleted, and by whom.
 * @example await eraseShop(db, 'shop_1', 'cli') // => { ok: true, rows: { events: 120000, orders: 310, ... } }
 */
export async function eraseShop(db: Db, shopId: string, actor: string): Promise<ShopErasure> {
  let writeKey: string | undefined;
  const result = await db.transaction().execute(async (tx) => {
    const locked = await sql<{ write_key: string }>`select write_key from shops where id = ${shopId} for update`.execute(tx);
    if (locked.rows.length === 0) return { ok: false, code: 'shop_not_found' } as const;
    writeKey = locked.rows[0]!.write_key;
    const rows = await countShopRows(tx, shopId);
    await deleteShopEvents(tx, shopId);
    await deleteShopProfiles(tx, shopId);
    await tx.deleteFrom('privacy_audit').where('shop_id', '=', shopId).execute();
    await deleteShopRow(tx, shopId);
    await insertAuditEntry(tx, { shopId, actor, action: 'erase_shop', rows });
    return { ok: true, rows } as const;
  });
  // Other processes forget it within the write-key cache's 30 s; meanwhile the ingest statement stores nothing for a shop that is gone.
  if (writeKey) forgetWriteKey(writeKey);
  return result;
}

/** Every table of the current schema that has a shop_id column (partitions are counted through their parent). */
export async function listShopTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
    join pg_class t on t.relname = c.table_name and t.relnamespace = to_regnamespace(current_schema())
    where c.table_schema = current_schema() and c.column_name = 'shop_id' and not t.relispartition
    order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function countShopRows(db: Db, shopId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = { shops: 1 };
  for (const table of await listShopTables(db)) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where shop_id = ${shopId}`.execute(db);
    if (rows[0]!.n > 0) out[table] = rows[0]!.n;
  }
  return out;
}
