import { sql, type Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewOutboxMessage, OutboxMessage, OutboxMessagesTable } from './outbox.table.js';

export async function insertOutboxMessage(db: Db, message: NewOutboxMessage): Promise<number> {
  const row = await db.insertInto('outbox_messages').values(message).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/**
 * Leases up to `limit` due messages for `leaseSeconds`: rows another process
 * holds are skipped, and a lease that runs out (a sender that died) makes its
 * messages due again. Delivery is therefore at least once. Each lease counts
 * an attempt, so `attempts` identifies the lease (see markOutboxMessageSent).
 * With `shopId`, only that shop's messages (the demo mailbox takes the demo's only).
 */
export async function leaseDueOutboxMessages(db: Db, limit: number, leaseSeconds: number, shopId?: string): Promise<OutboxMessage[]> {
  const { rows } = await sql<OutboxMessage>`
    update outbox_messages m
       set lease_until = now() + make_interval(secs => ${leaseSeconds}), attempts = m.attempts + 1
      from (select shop_id, id from outbox_messages
             where status = 'pending' and next_attempt_at <= now() and (lease_until is null or lease_until < now())
                   ${shopId === undefined ? sql`` : sql`and shop_id = ${shopId}`}
             order by next_attempt_at
             limit ${limit}
             for update skip locked) due
     where m.shop_id = due.shop_id and m.id = due.id
    returning m.*`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The lease a sender holds: every lease adds one to `attempts`, so the count it got back names its lease. */
export type OutboxLease = Pick<OutboxMessage, 'shop_id' | 'id' | 'attempts'>;

/**
 * Marks a message sent, if the lease is still ours: false when it ran out and
 * another sender leased the message since (it then owns the outcome).
 */
export async function markOutboxMessageSent(db: Db, lease: OutboxLease): Promise<boolean> {
  return updateIfLeaseHeld(db, lease, { status: 'sent', sent_at: new Date(), lease_until: null, last_error: null });
}

/** Records a failed attempt, if the lease is still ours: due again at `retryAt`, or given up when it is undefined. */
export async function markOutboxMessageFailed(db: Db, lease: OutboxLease, error: string, retryAt: Date | undefined): Promise<boolean> {
  return updateIfLeaseHeld(db, lease, { status: retryAt ? 'pending' : 'failed', next_attempt_at: retryAt ?? new Date(), lease_until: null, last_error: error.slice(0, 1000) });
}

/** Updates a message only while this attempt's lease holds (same attempt, still pending); says whether it did. */
async function updateIfLeaseHeld(db: Db, lease: OutboxLease, fields: Updateable<OutboxMessagesTable>): Promise<boolean> {
  const r = await db
    .updateTable('outbox_messages')
    .set(fields)
    .where('shop_id', '=', lease.shop_id)
    .where('id', '=', lease.id)
    .where('attempts', '=', lease.attempts)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Hands back leases not tried (too little of the lease was left): due at once, the attempt not counted. */
export async function releaseOutboxLeases(db: Db, leases: OutboxLease[]): Promise<void> {
  for (const lease of leases) {
    await db
      .updateTable('outbox_messages')
      .set((eb) => ({ lease_until: null, attempts: eb('attempts', '-', 1) }))
      .where('shop_id', '=', lease.shop_id)
      .where('id', '=', lease.id)
      .where('attempts', '=', lease.attempts)
      .where('status', '=', 'pending')
      .execute();
  }
}

export async function listOutboxMessagesByRef(db: Db, shopId: string, ref: string): Promise<OutboxMessage[]> {
  return db.selectFrom('outbox_messages').selectAll().where('shop_id', '=', shopId).where('ref', '=', ref).orderBy('id').execute();
}
