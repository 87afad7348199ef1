import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { ServiceLookupAttemptsTable } from './service-center.table.js';

export type AttemptScope = ServiceLookupAttemptsTable['scope'];

export async function insertLookupAttempt(db: Db, shopId: string, scope: AttemptScope, subject: string): Promise<number> {
  const row = await db.insertInto('service_lookup_attempts').values({ shop_id: shopId, scope, subject }).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Attempts in the window, and when the oldest of them leaves it. */
export async function countRecentLookupAttempts(
  db: Db,
  shopId: string,
  scope: AttemptScope,
  subject: string,
  windowSeconds: number,
): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('service_lookup_attempts')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
    .where('shop_id', '=', shopId)
    .where('scope', '=', scope)
    .where('subject', '=', subject)
    .where('at', '>', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: (row.oldest as Date | null) ?? null };
}

export async function deleteLookupAttempt(db: Db, shopId: string, scope: AttemptScope, subject: string, id: number): Promise<void> {
  await db.deleteFrom('service_lookup_attempts').where('shop_id', '=', shopId).where('scope', '=', scope).where('subject', '=', subject).where('id', '=', id).execute();
}

export async function deleteLookupAttemptsOlderThan(db: Db, seconds: number): Promise<void> {
  await db.deleteFrom('service_lookup_attempts').where('at', '<', sql<Date>`now() - make_interval(secs => ${seconds})`).execute();
}
