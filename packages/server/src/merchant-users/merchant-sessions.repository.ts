import type { Db } from '../db/database.js';
import type { MerchantSession } from './merchant-users.table.js';

export async function insertMerchantSession(db: Db, session: Omit<MerchantSession, 'created_at'>): Promise<void> {
  await db.insertInto('merchant_sessions').values(session).execute();
}

/** A live session with its user's e-mail and role; undefined when unknown or expired. */
export function findLiveMerchantSession(db: Db, shopId: string, tokenHash: string, now: Date) {
  return db
    .selectFrom('merchant_sessions as s')
    .innerJoin('merchant_users as u', (j) => j.onRef('u.shop_id', '=', 's.shop_id').onRef('u.id', '=', 's.user_id'))
    .select(['s.shop_id', 's.user_id', 's.csrf_token', 's.expires_at', 'u.email', 'u.role'])
    .where('s.shop_id', '=', shopId)
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteMerchantSession(db: Db, shopId: string, tokenHash: string): Promise<void> {
  await db.deleteFrom('merchant_sessions').where('shop_id', '=', shopId).where('token_hash', '=', tokenHash).execute();
}

/** Sessions that ran out, across shops (called as sessions are made, so the table stays small). */
export async function deleteExpiredMerchantSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('merchant_sessions').where('expires_at', '<=', now).execute();
}
