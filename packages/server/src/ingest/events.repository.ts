import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { writeAtCommit } from '../db/pipelined-transaction.js';
import type { FailedEventsTable, NewEvent } from './events.table.js';
import type { Insertable } from 'kysely';

/**
 * Claims each event's (shop, message id) and stores the events whose claim
 * is new, in one statement. The plain columns travel as one array each and
 * the three JSON columns of all rows as one JSON document: Postgres parses
 * that far faster than thousands of bound values, and a JSON document needs
 * none of the quoting an array of JSON texts does. Returns `shop\0message`
 * keys of the events stored. Rows must not repeat a key.
 */
export async function claimAndInsertEvents(db: Db, rows: NewEvent[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (let i = 0; i < rows.length; i += 5000) {
    const part = rows.slice(i, i + 5000);
    const col = <T>(f: (r: NewEvent) => T) => part.map(f);
    // A batch's rows share their received and sent Date objects: format each once.
    let lastDate: Date | undefined;
    let lastIso = '';
    const iso = (d: Date | string | null | undefined) => {
      if (d == null) return null;
      if (!(d instanceof Date)) return d;
      if (d !== lastDate) {
        lastIso = d.toISOString();
        lastDate = d;
      }
      return lastIso;
    };
    const documents = JSON.stringify(part.map((r) => [r.properties ?? {}, r.context ?? {}, r.traits ?? {}]));
    const result = await sql<{ shop_id: string; message_id: string }>`
      with input as (
        select t.*, d.doc from unnest(
          ${col((r) => r.shop_id)}::text[], ${col((r) => r.message_id)}::text[], ${col((r) => r.type)}::text[],
          ${col((r) => r.event ?? null)}::text[], ${col((r) => r.anonymous_id ?? null)}::text[], ${col((r) => r.user_id ?? null)}::text[],
          ${col((r) => iso(r.timestamp))}::timestamptz[], ${col((r) => iso(r.received_at))}::timestamptz[], ${col((r) => iso(r.sent_at))}::timestamptz[]
        ) with ordinality as t(shop_id, message_id, type, event, anonymous_id, user_id, ts, received_at, sent_at, n)
        join jsonb_array_elements(${documents}::jsonb) with ordinality as d(doc, n) using (n)
      ), claimed as (
        insert into event_ids (shop_id, message_id, received_at)
        select shop_id, message_id, received_at from input
        on conflict do nothing
        returning shop_id, message_id
      )
      insert into events (shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, sent_at, properties, context, traits)
      select i.shop_id, i.message_id, i.type, i.event, i.anonymous_id, i.user_id, i.ts, i.received_at, i.sent_at,
             i.doc -> 0, i.doc -> 1, i.doc -> 2
      from input i join claimed c on c.shop_id = i.shop_id and c.message_id = i.message_id
      returning shop_id, message_id
    `.execute(db);
    for (const r of result.rows) fresh.add(`${r.shop_id}\u0000${r.message_id}`);
  }
  return fresh;
}

export async function insertFailedEvents(db: Db, rows: Insertable<FailedEventsTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await writeAtCommit(db, db.insertInto('failed_events').values(rows).compile());
}

export async function countEventsForShop(db: Db, shopId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('shop_id', '=', shopId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A shop's failed events, newest first. */
export async function listFailedEvents(db: Db, shopId: string, opts: { limit: number; reason?: string | undefined }) {
  let q = db.selectFrom('failed_events').selectAll().where('shop_id', '=', shopId);
  if (opts.reason) q = q.where('reason', '=', opts.reason);
  return q.orderBy('id', 'desc').limit(opts.limit).execute();
}
