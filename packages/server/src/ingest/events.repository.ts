import type { Db } from '../db/database.js';
import type { FailedEventsTable, NewEvent } from './events.table.js';
import type { Insertable } from 'kysely';

/**
 * Claims message ids for a shop; returns the ids that were new. Runs inside
 * the caller's transaction so that the claim and the event commit together.
 */
export async function claimMessageIds(db: Db, shopId: string, messageIds: string[], receivedAt: Date): Promise<Set<string>> {
  if (messageIds.length === 0) return new Set();
  const rows = await db
    .insertInto('event_ids')
    .values(messageIds.map((message_id) => ({ shop_id: shopId, message_id, received_at: receivedAt })))
    .onConflict((oc) => oc.columns(['shop_id', 'message_id']).doNothing())
    .returning('message_id')
    .execute();
  return new Set(rows.map((r) => r.message_id));
}

export async function insertEvents(db: Db, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('events').values(events).execute();
}

export async function insertFailedEvents(db: Db, rows: Insertable<FailedEventsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('failed_events').values(rows).execute();
}

export async function countEventsForShop(db: Db, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
