import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { writeAtCommit } from '../db/pipelined-transaction.js';
import { PREPARED_MARKER } from '../db/prepared-statements.js';
import type { FailedEventsTable, NewEvent } from './events.table.js';
import type { CompiledQuery, Insertable } from 'kysely';

/**
 * The statements that claim each event's (shop, message id) and store the
 * events whose claim is new, one statement per 5,000 rows. The plain columns
 * travel as one array each and the three JSON columns of all rows as one
 * JSON document: Postgres parses that far faster than thousands of bound
 * values, and a JSON document needs none of the quoting an array of JSON
 * texts does. Each returns the row numbers (from 1) of its events stored;
 * `storedKeys` reads them. Rows must not repeat a key.
 *
 * Without `duplicatesPossible`, the claim is a plain insert, a fifth cheaper
 * than `on conflict do nothing` (whose speculative insertion costs about
 * 0.7 ms per 300 events): an event stored before then fails the statement
 * with a unique violation of `event_ids_pkey` (`isDuplicateClaim`), and the
 * caller stores the batches again with `duplicatesPossible`.
 */
export function claimAndInsertEventsQueries(db: Db, rows: NewEvent[], duplicatesPossible = true): CompiledQuery[] {
  const queries: CompiledQuery[] = [];
  for (let i = 0; i < rows.length; i += claimChunk) {
    const part = rows.slice(i, i + claimChunk);
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
    queries.push(sql`${sql.raw(PREPARED_MARKER)}
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
        ${duplicatesPossible ? sql`on conflict do nothing` : sql``}
        returning shop_id, message_id
      ), stored as (
        insert into events (shop_id, message_id, type, event, anonymous_id, user_id, timestamp, received_at, sent_at, properties, context, traits)
        select i.shop_id, i.message_id, i.type, i.event, i.anonymous_id, i.user_id, i.ts, i.received_at, i.sent_at,
               i.doc -> 0, i.doc -> 1, i.doc -> 2
        from input i join claimed c on c.shop_id = i.shop_id and c.message_id = i.message_id
      )
      -- One row: the stored rows' numbers, or null when all were (the usual case, sent back cheaply).
      select case when (select count(*) from claimed) < ${part.length}
               then (select coalesce(array_agg(i.n::int), '{}') from input i join claimed c on c.shop_id = i.shop_id and c.message_id = i.message_id) end as numbers
    `.compile(db));
  }
  return queries;
}

const claimChunk = 5000;

/** An event's identity for de-duplication: `shop\0message`. */
export function eventKey(r: NewEvent): string {
  return `${r.shop_id}\u0000${r.message_id}`;
}

/** The `eventKey`s of the events the statements of `claimAndInsertEventsQueries` stored, from their rows. */
export function storedKeys(rows: NewEvent[], results: unknown[][]): Set<string> {
  const stored = new Set<string>();
  results.forEach((result, chunk) => {
    const { numbers } = result[0] as { numbers: number[] | null };
    const part = rows.slice(chunk * claimChunk, (chunk + 1) * claimChunk);
    if (numbers === null) for (const r of part) stored.add(eventKey(r));
    else for (const n of numbers) stored.add(eventKey(part[n - 1]!));
  });
  return stored;
}

/** True for the error of a claim without `duplicatesPossible` that met an event stored before. */
export function isDuplicateClaim(err: unknown): boolean {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | undefined;
  return e?.code === '23505' && (e.constraint === 'event_ids_pkey' || String(e.message).includes('"event_ids_pkey"'));
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
