import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { InboxRow, InboxStatus, NewInboxRow } from './shopify.table.js';

/**
 * Stores a delivery once by (shop, event id); returns false for a duplicate,
 * which is answered like the first and has no further effect.
 */
export async function insertInboxRow(db: Db, row: NewInboxRow): Promise<boolean> {
  const rows = await db
    .insertInto('shopify_webhook_inbox')
    .values(row)
    .onConflict((oc) => oc.columns(['shop_id', 'event_id']).doNothing())
    .returning('event_id')
    .execute();
  return rows.length === 1;
}

/**
 * Claims the pending delivery due first: its attempt is counted and it is not
 * due again for `leaseSeconds` (another drainer leaves it alone meanwhile; a
 * drainer that died gives it back when that runs out). Undefined when none is due.
 */
export async function claimDueInboxRow(db: Db, leaseSeconds: number): Promise<InboxRow | undefined> {
  const { rows } = await sql<InboxRow>`
    update shopify_webhook_inbox set attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    where (shop_id, event_id) = (
      select shop_id, event_id from shopify_webhook_inbox
      where status = 'pending' and next_attempt_at <= now()
      order by next_attempt_at, received_at limit 1
      for update skip locked)
    returning *`.execute(db);
  return rows[0];
}

/** The key and attempt of a claim: only that claim may record its outcome. */
export type InboxClaim = Pick<InboxRow, 'shop_id' | 'event_id' | 'attempts'>;

/** Records a claimed delivery as applied and drops its body; false when the claim is no longer this one's. */
export async function markInboxApplied(db: Db, claim: InboxClaim): Promise<boolean> {
  const result = await db
    .updateTable('shopify_webhook_inbox')
    .set({ status: 'applied', applied_at: sql<Date>`now()`, body: null, last_error: null })
    .where('shop_id', '=', claim.shop_id)
    .where('event_id', '=', claim.event_id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Records a failed attempt: due again after `retryInSeconds`, or given up (`failed`) when undefined. */
export async function markInboxAttemptFailed(db: Db, claim: InboxClaim, error: string, retryInSeconds: number | undefined): Promise<void> {
  await db
    .updateTable('shopify_webhook_inbox')
    .set({
      status: retryInSeconds === undefined ? 'failed' : 'pending',
      last_error: error.slice(0, 2000),
      next_attempt_at: sql<Date>`now() + make_interval(secs => ${retryInSeconds ?? 0})`,
    })
    .where('shop_id', '=', claim.shop_id)
    .where('event_id', '=', claim.event_id)
    .where('status', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .execute();
}

/** Forgets applied deliveries older than `days` (Shopify's retries of an event end within hours). */
export async function deleteAppliedInboxRows(db: Db, days: number): Promise<number> {
  const result = await sql`delete from shopify_webhook_inbox where status = 'applied' and applied_at < now() - make_interval(days => ${days})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** How many deliveries of a shop are in each state. */
export async function countInboxRows(db: Db, shopId: string): Promise<Record<InboxStatus, number>> {
  const rows = await db
    .selectFrom('shopify_webhook_inbox')
    .select(['status', sql<number>`count(*)::int`.as('n')])
    .where('shop_id', '=', shopId)
    .groupBy('status')
    .execute();
  const out: Record<InboxStatus, number> = { pending: 0, applied: 0, failed: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}
