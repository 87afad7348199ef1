import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Rejected events are kept this many days unless the shop sets `failedEventRetentionDays`. */
export const DEFAULT_FAILED_EVENT_RETENTION_DAYS = 30;

const monthStart = (d: Date, add = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1));
const partitionName = (d: Date) => `events_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;

/**
 * Keeps a monthly partition of `events` (by received_at) for this month and
 * the next `ahead` months. Rows that already landed in the default partition
 * for such a month are moved into the new partition in the same transaction.
 * Returns the partitions it created.
 * @example await ensureEventPartitions(db, new Date('2026-11-27')) // => ['events_2026_11', 'events_2026_12', 'events_2027_01']
 */
export async function ensureEventPartitions(db: Db, now = new Date(), ahead = 2): Promise<string[]> {
  const existing = new Set(
    (await sql<{ name: string }>`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = 'events' and p.relnamespace = to_regnamespace(current_schema())`.execute(db)).rows.map((r) => r.name),
  );
  const created: string[] = [];
  for (let m = 0; m <= ahead; m++) {
    const from = monthStart(now, m);
    const to = monthStart(now, m + 1);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    await db.transaction().execute(async (tx) => {
      await sql`create table ${sql.id(name)} (like events including defaults)`.execute(tx);
      await sql`
        with moved as (delete from events_default where received_at >= ${from} and received_at < ${to} returning *)
        insert into ${sql.id(name)} select * from moved`.execute(tx);
      await sql`alter table events attach partition ${sql.id(name)} for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`.execute(tx);
    });
    created.push(name);
  }
  return created;
}

/**
 * Applies each shop's retention (`settings.eventRetentionDays`): deletes its
 * older events and their de-duplication ids, and its failed events older than
 * `settings.failedEventRetentionDays` (default 30). A month partition that is past
 * every shop's retention (all shops having one) is dropped whole.
 * @example await applyEventRetention(db) // => { deletedEvents: 1200, droppedPartitions: ['events_2024_01'] }
 */
export async function applyEventRetention(db: Db, now = new Date()): Promise<{ deletedEvents: number; deletedFailedEvents: number; droppedPartitions: string[] }> {
  const shops = await db
    .selectFrom('shops')
    .select(['id', sql<string | null>`settings->>'eventRetentionDays'`.as('days'), sql<string | null>`settings->>'failedEventRetentionDays'`.as('failedDays')])
    .execute();
  let deletedEvents = 0;
  for (const s of shops) {
    const days = Number(s.days);
    if (!s.days || !Number.isFinite(days) || days <= 0) continue;
    const before = new Date(now.getTime() - days * 86_400_000);
    const r = await db.deleteFrom('events').where('shop_id', '=', s.id).where('received_at', '<', before).executeTakeFirst();
    await db.deleteFrom('event_ids').where('shop_id', '=', s.id).where('received_at', '<', before).execute();
    deletedEvents += Number(r.numDeletedRows);
  }
  // Rejected events hold what a client sent, personal data included: kept 30 days unless the shop says otherwise.
  let deletedFailedEvents = 0;
  for (const s of shops) {
    const days = Number(s.failedDays ?? DEFAULT_FAILED_EVENT_RETENTION_DAYS);
    if (!Number.isFinite(days) || days <= 0) continue;
    const r = await db.deleteFrom('failed_events').where('shop_id', '=', s.id).where('received_at', '<', new Date(now.getTime() - days * 86_400_000)).executeTakeFirst();
    deletedFailedEvents += Number(r.numDeletedRows);
  }
  const droppedPartitions: string[] = [];
  const longest = shops.every((s) => Number(s.days) > 0) ? Math.max(0, ...shops.map((s) => Number(s.days))) : undefined;
  if (longest !== undefined && shops.length > 0) {
    const cutoff = monthStart(new Date(now.getTime() - longest * 86_400_000));
    const parts = await sql<{ name: string }>`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = 'events' and p.relnamespace = to_regnamespace(current_schema()) and c.relname ~ '^events_[0-9]{4}_[0-9]{2}$'`.execute(db);
    for (const { name } of parts.rows) {
      const [, y, m] = name.match(/^events_(\d{4})_(\d{2})$/)!;
      if (monthStart(new Date(Date.UTC(Number(y), Number(m) - 1, 1)), 1) <= cutoff) {
        await sql`drop table ${sql.id(name)}`.execute(db);
        droppedPartitions.push(name);
      }
    }
  }
  return { deletedEvents, deletedFailedEvents, droppedPartitions };
}
