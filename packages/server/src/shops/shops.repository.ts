import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { isSealedUnderCurrentKey, openColumn, sealColumn } from '../secrets/index.js';
import type { Shop, ShopsTable } from './shops.table.js';
import type { Insertable } from 'kysely';

// The signing secret is sealed at rest (secrets/secret-keys.ts), bound to its shop and column;
// the rest of the server sees it plain, only through these functions.
const secretContext = (shopId: string) => `${shopId}:signing_secret`;
const opened = (row: Shop | undefined): Shop | undefined => row && { ...row, signing_secret: openColumn(row.signing_secret, secretContext(row.id)) };

export async function insertShop(db: Db, shop: Insertable<ShopsTable>): Promise<void> {
  await db.insertInto('shops').values({ ...shop, signing_secret: sealColumn(shop.signing_secret, secretContext(shop.id)) }).execute();
}

export async function findShopById(db: Db, id: string): Promise<Shop | undefined> {
  return opened(await db.selectFrom('shops').selectAll().where('id', '=', id).executeTakeFirst());
}

export async function findShopByWriteKey(db: Db, writeKey: string): Promise<Shop | undefined> {
  return opened(await db.selectFrom('shops').selectAll().where('write_key', '=', writeKey).executeTakeFirst());
}

export async function findShopByAdminKeyHash(db: Db, hash: string): Promise<Shop | undefined> {
  return opened(await db.selectFrom('shops').selectAll().where('admin_key_hash', '=', hash).executeTakeFirst());
}

/**
 * Seals every signing secret stored in plain text (before sealing existed) or
 * under an older key (a rotation), under the current key. Run at start.
 * @example await sealShopSecrets(db) // => 3
 */
export async function sealShopSecrets(db: Db): Promise<number> {
  const rows = await db.selectFrom('shops').select(['id', 'signing_secret']).execute();
  let sealed = 0;
  for (const r of rows) {
    if (isSealedUnderCurrentKey(r.signing_secret)) continue;
    const plain = openColumn(r.signing_secret, secretContext(r.id));
    await db.updateTable('shops').set({ signing_secret: sealColumn(plain, secretContext(r.id)) }).where('id', '=', r.id).where('signing_secret', '=', r.signing_secret).execute();
    sealed++;
  }
  return sealed;
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
    .executeTakeFirst()
    .then(opened);
}

/** Every shop with its public key, oldest first (never the secrets). */
export async function listShops(db: Db) {
  return db.selectFrom('shops').select(['id', 'name', 'write_key', 'created_at']).orderBy('created_at').execute();
}
