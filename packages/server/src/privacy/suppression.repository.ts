import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { newSalt } from './identifiers.js';
import type { IdentifierKind } from './privacy.table.js';

/** The shop's suppression salt, if it ever erased anyone. */
export async function findSalt(db: Db, shopId: string): Promise<string | undefined> {
  const row = await db.selectFrom('privacy_salts').select('salt').where('shop_id', '=', shopId).executeTakeFirst();
  return row?.salt;
}

/** The shop's salt, made on first use (two erasures at once agree on one). */
export async function findOrCreateSalt(db: Db, shopId: string): Promise<string> {
  await db.insertInto('privacy_salts').values({ shop_id: shopId, salt: newSalt() }).onConflict((oc) => oc.column('shop_id').doNothing()).execute();
  return (await findSalt(db, shopId))!;
}

export async function insertSuppressedIdentifiers(db: Db, shopId: string, rows: { hash: Buffer; kind: IdentifierKind }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db
    .insertInto('suppressed_identifiers')
    .values(rows.map((x) => ({ shop_id: shopId, hash: x.hash, kind: x.kind })))
    .onConflict((oc) => oc.columns(['shop_id', 'hash']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n);
}

export async function deleteSuppressedIdentifiers(db: Db, shopId: string, hashes: Buffer[]): Promise<number> {
  if (hashes.length === 0) return 0;
  const r = await db.deleteFrom('suppressed_identifiers').where('shop_id', '=', shopId).where('hash', 'in', hashes).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Which of `hashes` the shop suppresses. */
export async function findSuppressedHashes(db: Db, shopId: string, hashes: Buffer[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db.selectFrom('suppressed_identifiers').select('hash').where('shop_id', '=', shopId).where('hash', 'in', hashes).execute();
  return new Set(rows.map((r) => Buffer.from(r.hash).toString('hex')));
}

export async function countSuppressedIdentifiers(db: Db, shopId: string): Promise<number> {
  const row = await db.selectFrom('suppressed_identifiers').select(sql<number>`count(*)::int`.as('n')).where('shop_id', '=', shopId).executeTakeFirstOrThrow();
  return row.n;
}
