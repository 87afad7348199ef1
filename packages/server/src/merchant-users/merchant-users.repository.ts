import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { MerchantUser, NewMerchantUser } from './merchant-users.table.js';

/** Inserts a user; false when the shop already has one with that e-mail. */
export async function insertMerchantUser(db: Db, user: NewMerchantUser): Promise<boolean> {
  const r = await db.insertInto('merchant_users').values(user).onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Every user with this e-mail (case-insensitive), across shops: the candidates of a sign-in. */
export function findMerchantUsersByEmail(db: Db, email: string): Promise<MerchantUser[]> {
  return db.selectFrom('merchant_users').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).orderBy('shop_id').limit(20).execute();
}

export function findMerchantUserById(db: Db, shopId: string, id: string): Promise<MerchantUser | undefined> {
  return db.selectFrom('merchant_users').selectAll().where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
}

export function findMerchantUserByEmail(db: Db, shopId: string, email: string): Promise<MerchantUser | undefined> {
  return db.selectFrom('merchant_users').selectAll().where('shop_id', '=', shopId).where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

/** A shop's users, without their password hashes. */
export function listMerchantUsers(db: Db, shopId: string) {
  return db.selectFrom('merchant_users').select(['id', 'email', 'role', 'created_at']).where('shop_id', '=', shopId).orderBy('email').execute();
}

export async function updateMerchantUserPassword(db: Db, shopId: string, id: string, passwordHash: string): Promise<void> {
  await db.updateTable('merchant_users').set({ password_hash: passwordHash }).where('shop_id', '=', shopId).where('id', '=', id).execute();
}

/** Deletes a user (their sessions and failures go with them); false when there was none. */
export async function deleteMerchantUser(db: Db, shopId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('merchant_users').where('shop_id', '=', shopId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countShopOwners(db: Db, shopId: string): Promise<number> {
  const r = await db.selectFrom('merchant_users').select((eb) => eb.fn.countAll<number>().as('n')).where('shop_id', '=', shopId).where('role', '=', 'owner').executeTakeFirstOrThrow();
  return Number(r.n);
}
