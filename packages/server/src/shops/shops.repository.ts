import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { Shop, ShopsTable } from './shops.table.js';
import type { Insertable } from 'kysely';

export async function insertShop(db: Db, shop: Insertable<ShopsTable>): Promise<void> {
  await db.insertInto('shops').values(shop).execute();
}

export async function findShopById(db: Db, id: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findShopByWriteKey(db: Db, writeKey: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').selectAll().where('write_key', '=', writeKey).executeTakeFirst();
}

export async function findShopByAdminKeyHash(db: Db, hash: string): Promise<Shop | undefined> {
  return db.selectFrom('shops').selectAll().where('admin_key_hash', '=', hash).executeTakeFirst();
}

export async function countShops(db: Db): Promise<number> {
  const row = await db.selectFrom('shops').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every shop's id (for jobs that run per shop). */
export async function listShopIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('shops').select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** Deletes the shop's row; every table with a foreign key to it follows (on delete cascade). */
export async function deleteShopRow(db: Db, id: string): Promise<boolean> {
  const r = await db.deleteFrom('shops').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Merges `patch` into the shop's settings (a key set to null is removed). */
export async function updateShopSettings(db: Db, id: string, patch: Record<string, unknown>): Promise<Shop | undefined> {
  const remove = Object.keys(patch).filter((k) => patch[k] === null);
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  return db
    .updateTable('shops')
    .set({ settings: sql`(settings || ${JSON.stringify(set)}::jsonb) - ${remove}::text[]` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Every shop with its public key, oldest first (never the secrets). */
export async function listShops(db: Db) {
  return db.selectFrom('shops').select(['id', 'name', 'write_key', 'created_at']).orderBy('created_at').execute();
}
