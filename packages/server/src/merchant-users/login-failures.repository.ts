import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export async function insertLoginFailure(db: Db, shopId: string, userId: string, address: string, at: Date): Promise<void> {
  await db.insertInto('merchant_login_failures').values({ shop_id: shopId, user_id: userId, address, at }).execute();
}

/** A user's wrong passwords since a time: from this address, from anywhere, and the oldest of each (when the limit lifts). */
export async function countLoginFailures(db: Db, shopId: string, userId: string, address: string, since: Date) {
  const row = await db
    .selectFrom('merchant_login_failures')
    .select([
      sql<number>`count(*) filter (where address = ${address})::int`.as('fromAddress'),
      sql<number>`count(*)::int`.as('total'),
      sql<Date | null>`min(at) filter (where address = ${address})`.as('oldestFromAddress'),
      sql<Date | null>`min(at)`.as('oldest'),
    ])
    .where('shop_id', '=', shopId)
    .where('user_id', '=', userId)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return row;
}

/** Forgets a user's failures older than a time, or all of them from one address (after it signed in). */
export async function deleteLoginFailures(db: Db, shopId: string, userId: string, opts: { before?: Date; address?: string }): Promise<void> {
  let q = db.deleteFrom('merchant_login_failures').where('shop_id', '=', shopId).where('user_id', '=', userId);
  if (opts.before) q = q.where('at', '<=', opts.before);
  if (opts.address !== undefined) q = q.where('address', '=', opts.address);
  await q.execute();
}
