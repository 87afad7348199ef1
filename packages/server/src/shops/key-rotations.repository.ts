import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { KeyKind } from './key-rotations.table.js';

/** The shop a replaced key still opens (its overlap not over), with when it stops; undefined when none. */
export async function findShopIdOfOldKey(db: Db, kind: KeyKind, oldKey: string): Promise<{ shopId: string; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom('shop_key_rotations')
    .select(['shop_id as shopId', 'old_key_expires_at as expiresAt'])
    .where('kind', '=', kind)
    .where('old_key', '=', oldKey)
    .where('old_key_expires_at', '>', sql<Date>`now()`)
    .orderBy('old_key_expires_at', 'desc')
    .executeTakeFirst();
  return row;
}

/** The shop's keys, locked until the transaction ends: rotations of one shop happen one at a time. */
export async function findShopKeysForUpdate(db: Db, shopId: string): Promise<{ writeKey: string; adminKeyHash: string } | undefined> {
  return db.selectFrom('shops').select(['write_key as writeKey', 'admin_key_hash as adminKeyHash']).where('id', '=', shopId).forUpdate().executeTakeFirst();
}

export async function updateShopWriteKey(db: Db, shopId: string, writeKey: string): Promise<void> {
  await db.updateTable('shops').set({ write_key: writeKey }).where('id', '=', shopId).execute();
}

export async function updateShopAdminKeyHash(db: Db, shopId: string, adminKeyHash: string): Promise<void> {
  await db.updateTable('shops').set({ admin_key_hash: adminKeyHash }).where('id', '=', shopId).execute();
}

export async function insertKeyRotation(db: Db, row: { shopId: string; kind: KeyKind; oldKey: string; expiresAt: Date; actor: string }): Promise<{ id: number; rotatedAt: Date }> {
  const r = await db
    .insertInto('shop_key_rotations')
    .values({ shop_id: row.shopId, kind: row.kind, old_key: row.oldKey, old_key_expires_at: row.expiresAt, actor: row.actor })
    .returning(['id', 'rotated_at as rotatedAt'])
    .executeTakeFirstOrThrow();
  return { id: Number(r.id), rotatedAt: r.rotatedAt };
}

/** Ends the overlap of every replaced key of this kind still valid; returns the old write keys it ended (to drop from caches). */
export async function expireOldKeys(db: Db, shopId: string, kind: KeyKind): Promise<string[]> {
  const rows = await db
    .updateTable('shop_key_rotations')
    .set({ old_key_expires_at: sql<Date>`now()` })
    .where('shop_id', '=', shopId)
    .where('kind', '=', kind)
    .where('old_key_expires_at', '>', sql<Date>`now()`)
    .returning('old_key')
    .execute();
  return rows.map((r) => r.old_key);
}

/** The shop's rotations, newest first (the audit); old admin keys appear only as "replaced", never as their hash. */
export async function listKeyRotations(db: Db, shopId: string, limit = 50) {
  return db
    .selectFrom('shop_key_rotations')
    .select(['id', 'kind', 'old_key as oldKey', 'old_key_expires_at as oldKeyExpiresAt', 'actor', 'rotated_at as rotatedAt'])
    .where('shop_id', '=', shopId)
    .orderBy('rotated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
